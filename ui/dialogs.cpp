#include "dialogs.h"

#include "buildinfo.h"
#include "runlibrary.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <qcustomplot.h>

namespace interleave::ui {

namespace {

// Asks for a PNG or JPEG's size: 1×, 2× or typed in. False when cancelled.
bool askImageSize(QWidget *parent, QSize shown, ExportOptions *options)
{
    const QSize base(std::max(1200, shown.width()), std::max(600, shown.height() + 120));
    const auto text = [&](int k) {
        return QStringLiteral("%1× — %2 × %3 pixels")
            .arg(k)
            .arg(base.width() * k)
            .arg(base.height() * k);
    };
    const QStringList items{text(1), text(2) + QStringLiteral(" (HiDPI screens, print)"),
                            QStringLiteral("Custom size…")};
    // This screen's own density first: a HiDPI screen gets 2× by default.
    const int current = parent->devicePixelRatioF() > 1.5 ? 1 : 0;
    bool ok = false;
    const QString choice =
        QInputDialog::getItem(parent, QStringLiteral("Image size"),
                              QStringLiteral("Size of the image:"), items, current, false, &ok);
    if (!ok)
        return false;
    options->size = base;
    options->scale = choice == items[1] ? 2 : 1;
    if (choice != items[2])
        return true;
    for (;;) {
        const QString typed = QInputDialog::getText(
            parent, QStringLiteral("Image size"), QStringLiteral("Width × height in pixels:"),
            QLineEdit::Normal, QStringLiteral("%1x%2").arg(base.width()).arg(base.height()), &ok);
        if (!ok)
            return false;
        const QString error = parseImageSize(typed, &options->size);
        if (error.isEmpty())
            return true;
        QMessageBox::warning(parent, QStringLiteral("Image size"), error);
    }
}

} // namespace

QString askOpenPath(QWidget *parent, const QString &title, const QString &filter,
                    const QString &key)
{
    QSettings settings;
    const QString path =
        QFileDialog::getOpenFileName(parent, title, settings.value(key).toString(), filter);
    if (!path.isEmpty())
        settings.setValue(key, QFileInfo(path).absolutePath());
    return path;
}

QString askImagePath(QWidget *parent, const QString &base, QSize shown, ExportOptions *options)
{
    // The folder and format of the last export, remembered.
    QSettings settings;
    const QString folder = settings.value(QStringLiteral("export/folder")).toString();
    const QString suffix =
        settings.value(QStringLiteral("export/format"), QStringLiteral("png")).toString();
    const QStringList filters{QStringLiteral("PNG image (*.png)"),
                              QStringLiteral("JPEG image (*.jpg)"),
                              QStringLiteral("SVG drawing (*.svg)"),
                              QStringLiteral("PDF document, a landscape page (*.pdf)")};
    QString filter = *std::find_if(filters.begin(), filters.end(), [&](const QString &f) {
        return f.contains(QStringLiteral("*.") + suffix);
    });
    QString path =
        QFileDialog::getSaveFileName(parent, QStringLiteral("Export timeline image"),
                                     QDir(folder).filePath(base + QLatin1Char('.') + suffix),
                                     filters.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return {};
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + filter.section(QStringLiteral("*."), 1).chopped(1);
    const QString format = QFileInfo(path).suffix().toLower();
    if ((format == QLatin1String("png") || format == QLatin1String("jpg")) &&
        !askImageSize(parent, shown, options))
        return {};
    settings.setValue(QStringLiteral("export/folder"), QFileInfo(path).absolutePath());
    settings.setValue(QStringLiteral("export/format"), format);
    return path;
}

QString askTracePath(QWidget *parent, const QString &base)
{
    QString path = QFileDialog::getSaveFileName(
        parent, QStringLiteral("Export trace"), base + QStringLiteral(".json"),
        QStringLiteral("Chrome trace for Perfetto (*.json)"));
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return path;
}

std::optional<int> askHistorySizeLimit(QWidget *parent, const RunLibrary &library)
{
    bool ok = false;
    const int mib = QInputDialog::getInt(
        parent, QStringLiteral("History size limit"),
        QStringLiteral("Keep at most this many MiB of runs (%1 MiB kept now). Past it, the oldest "
                       "runs go as new ones are kept; the newest is always kept.")
            .arg(double(library.totalBytes()) / double(1 << 20), 0, 'f', 1),
        int(library.sizeLimit() >> 20), 1, 1 << 20, 256, &ok);
    return ok ? std::optional(mib) : std::nullopt;
}

bool askToRunPastLimits(QWidget *parent, const QString &past)
{
    QMessageBox ask(QMessageBox::Question, QStringLiteral("Past the run's limits"),
                    QStringLiteral("This run is past the limits a run has."), QMessageBox::NoButton,
                    parent);
    ask.setInformativeText(past.left(past.lastIndexOf(QLatin1String(": the limit"))) +
                           QStringLiteral(".\n\nRun it anyway? Stop (Esc) ends it at any time."));
    QPushButton *runAnyway = ask.addButton(QStringLiteral("Run anyway"), QMessageBox::AcceptRole);
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    return ask.clickedButton() == runAnyway;
}

void showAbout(QWidget *parent)
{
    const QLatin1String runningQt(qVersion());
    const QString qt =
        runningQt == QLatin1String(QT_VERSION_STR)
            ? QStringLiteral("Qt %1").arg(runningQt)
            : QStringLiteral("Qt %1 (built with %2)").arg(runningQt, QLatin1String(QT_VERSION_STR));
    QMessageBox::about(
        parent, QStringLiteral("About Interleave"),
        QStringLiteral(
            "<h3>Interleave %1</h3><p>See threads, pools and processes run: what each "
            "thread does and when, the interleaved output, and the speedup.</p>"
            "<p>%2 · QCustomPlot %3</p>"
            "<p>Interleave is free software under the <a href=\"%4\">%5</a> (%6). It comes with "
            "NO WARRANTY, to the extent permitted by law.</p><p><a href=\"%7\">%7</a></p>")
            .arg(QLatin1String(buildinfo::kVersion), qt, QStringLiteral(QCUSTOMPLOT_VERSION_STR),
                 QLatin1String(buildinfo::kLicenseUrl), QLatin1String(buildinfo::kLicenseName),
                 QLatin1String(buildinfo::kLicenseId), QLatin1String(buildinfo::kHomepage)));
}

} // namespace interleave::ui
