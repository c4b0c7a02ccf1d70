// Small SVG drawing helpers for the report: scales, escaped text, and the chart frame. Charts
// are drawn by our code so the report needs no script, font or network.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "chipcount/base/text.hpp"  // html_escape

namespace chipcount {

// Maps a data interval onto a pixel interval, linearly or on a log10 scale.
class Scale {
  public:
    Scale(double d0, double d1, double p0, double p1, bool log);
    double operator()(double value) const;

  private:
    double d0_, d1_, p0_, p1_;
    bool log_;
};

// A log10 axis of whole decades that holds [lo, hi], with a tick every `step` decades so that
// there are at most max_ticks + 1 ticks whatever the input: 0, a denormal, 1e308, infinity, NaN,
// lo == hi and lo > hi all give a bounded axis. Values are first clamped to [1e-100, 1e100], far
// beyond any figure an estimate holds.
struct LogAxis {
    double d0 = 1;
    double d1 = 10;
    std::vector<double> ticks;  // d0 first, d1 last
};
LogAxis log_axis(double lo, double hi, int max_ticks = 10);
inline constexpr double kLogAxisMin = 1e-100;
inline constexpr double kLogAxisMax = 1e100;

// SVG fragments; numbers are written with one decimal, text is escaped.
std::string svg_text(double x, double y, std::string_view text, std::string_view attributes = "");
std::string svg_rect(double x, double y, double w, double h, std::string_view attributes);
std::string svg_line(double x1, double y1, double x2, double y2, std::string_view attributes);
std::string svg_circle(double cx, double cy, double r, std::string_view attributes);
std::string svg_open(double width, double height, std::string_view label);
inline constexpr std::string_view kSvgClose = "</svg>\n";

// A qualitative palette (colour-blind safe, Okabe-Ito) indexed modulo its size.
std::string_view palette(std::size_t index);

}  // namespace chipcount
