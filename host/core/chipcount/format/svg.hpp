// Small SVG drawing helpers for the report: scales, escaped text, and the chart frame. Charts
// are drawn by our code so the report needs no script, font or network.
#pragma once
#include <string>
#include <string_view>

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
