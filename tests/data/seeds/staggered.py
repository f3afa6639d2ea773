# Seed 004, In [5]-[6], with run() called directly instead of in threads.
import time

class A:
    def run(self):
        for i in range(0, 5):
            print("ThreadA" + str(i + 1))
            time.sleep(1)

class B:
    def run(self):
        for i in range(0, 5):
            print("ThreadB" + str(i + 1))
            time.sleep(0.5)

obA = A()
obB = B()

obA.run()
time.sleep(0.5)
obB.run()

print("Main Thread: Threads A and B completed")
