#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace interleave {

// One instruction of a task's program.
struct Step
{
    enum class Kind
    {
        Compute,
        Wait,
        Print,
        Add,
        Set,
        Lock,
        Unlock
    };

    Kind kind = Kind::Print;
    // Wait: how long to block, as a stand-in for I/O.
    std::int64_t waitNs = 0;
    // Compute: count the primes in [primesFrom, primesTo) by trial division. A fixed amount of
    // work, so that running it on more cores is a genuine speed-up.
    std::uint32_t primesFrom = 0;
    std::uint32_t primesTo = 0;
    // Print: the line, with {thread}, {pid}, {tid}, {primes}, {global:NAME} and {local:NAME}
    // filled in when it runs.
    QString text;
    // Add: `global += 1`, `times` times, each a separate read then write (so that unlocked
    // threads really lose updates), holding mutex `lock` around each one when it is set.
    // Set: assign `value` to `name`, a global (shared by a process's threads) or, with
    // `local`, a thread-local. Lock, Unlock: the named mutex `name`.
    QString name;
    QString lock;
    std::int64_t times = 0;
    std::int64_t value = 0;
    bool local = false;

    static Step print(QString line);
    static Step wait(std::int64_t ns);
    static Step compute(std::uint32_t from, std::uint32_t to);
    static Step add(QString global, std::int64_t times, QString lock = {});
    static Step set(QString name, std::int64_t value, bool local = false);
    static Step lockStep(Kind kind, QString mutex);
    bool operator==(const Step &) const = default;
};

// What Python would run as one call: a function, its arguments, its program.
struct Task
{
    QString function;   // e.g. calc_square
    QString args;       // as the caller wrote them, e.g. "[2, 3, 8, 9]"
    QString threadName; // a name given to its thread (Python's name="T1"); empty: default
    std::int64_t startDelayNs = 0; // the caller sleeps this long before starting it
    QString result;                // what it returns; may use {primes}
    int repeat = 1;                // how many identical calls
    std::vector<Step> steps;

    QString label() const { return function + QLatin1Char('(') + args + QLatin1Char(')'); }
    bool operator==(const Task &) const = default;
};

struct Workload
{
    QString name;   // identifier, e.g. square-cube
    QString title;  // a few words for menus
    QString lesson; // the one-line lesson it teaches
    QString source; // where it comes from (a seed note, a user's file)
    std::vector<Task> tasks;
    // Lines the caller prints once every task has finished; {results} is the results in
    // submission order separated by spaces, {thread} and {pid} as for steps.
    QStringList epilogue;
    // The ideal wall time per mode name, in milliseconds, where the source states one.
    QMap<QString, double> idealMs;

    // Tasks with `repeat` expanded: the calls in submission order. TaskId indexes this list.
    std::vector<const Task *> calls() const;
    bool operator==(const Workload &) const = default;
};

inline constexpr int kMaxCalls = 100'000;
inline constexpr std::int64_t kMaxWaitNs = 3'600'000'000'000; // one hour
inline constexpr std::uint32_t kMaxPrime = 100'000'000; // keeps one number's test under ~50 us
inline constexpr std::int64_t kMaxAdds = 100'000'000;

// A workload or the reason there is none: the message names the file and the offending field
// or line, ready to show a person.
struct WorkloadParse
{
    std::optional<Workload> workload;
    QString error;
};

WorkloadParse parseWorkload(const QByteArray &json, const QString &origin);
WorkloadParse loadWorkloadFile(const QString &path);
QByteArray workloadToJson(const Workload &workload);
// Atomic: the file is either fully written or left as it was. Returns an error message or
// an empty string.
QString saveWorkloadFile(const Workload &workload, const QString &path);

// Fills {name} placeholders from `values`; unknown placeholders stay as written.
QString expandPlaceholders(const QString &text, const QMap<QString, QString> &values);

} // namespace interleave
