// Build-time tool: renders the app icon's SVG to square PNGs, so that the installed PNG sizes
// always match the one SVG in resources/icons.
//   interleave-iconrender ICON.svg SIZE OUT.png
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fputs("usage: interleave-iconrender ICON.svg SIZE OUT.png\n", stderr);
        return 2;
    }
    // No application object: raster painting of an SVG without text needs no platform, so
    // this runs in builds without a display and prints nothing.
    const QString svg = QString::fromLocal8Bit(argv[1]);
    bool ok = false;
    const int size = QByteArray(argv[2]).toInt(&ok);
    if (!ok || size < 8 || size > 1024) {
        std::fprintf(stderr, "interleave-iconrender: bad size '%s'\n", argv[2]);
        return 2;
    }
    QSvgRenderer renderer(svg);
    if (!renderer.isValid()) {
        std::fprintf(stderr, "interleave-iconrender: cannot read %s\n", argv[1]);
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    if (!image.save(QString::fromLocal8Bit(argv[3]), "PNG")) {
        std::fprintf(stderr, "interleave-iconrender: cannot write %s\n", argv[3]);
        return 1;
    }
    return 0;
}
