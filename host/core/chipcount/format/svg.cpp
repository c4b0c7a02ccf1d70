#include "chipcount/format/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chipcount {
namespace {

std::string num(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", std::isfinite(value) ? value : 0.0);
    return buffer;
}

}  // namespace

Scale::Scale(double d0, double d1, double p0, double p1, bool log)
    : d0_(d0), d1_(d1), p0_(p0), p1_(p1), log_(log) {}

double Scale::operator()(double value) const {
    if (log_) {
        const double v = std::log10(std::max(value, 1e-300));
        return p0_ + (v - std::log10(d0_)) / (std::log10(d1_) - std::log10(d0_)) * (p1_ - p0_);
    }
    return p0_ + (value - d0_) / (d1_ - d0_) * (p1_ - p0_);
}

LogAxis log_axis(double lo, double hi, int max_ticks) {
    const auto in_range = [](double value, double fallback) {
        return std::isnan(value) ? fallback : std::clamp(value, kLogAxisMin, kLogAxisMax);
    };
    lo = in_range(lo, 1);
    hi = in_range(hi, 10);
    if (lo > hi) std::swap(lo, hi);
    const int first = static_cast<int>(std::floor(std::log10(lo)));
    int last = std::max(static_cast<int>(std::ceil(std::log10(hi))), first + 1);
    const int decades = last - first;  // 1 to 200
    max_ticks = std::max(1, max_ticks);
    const int step = (decades + max_ticks - 1) / max_ticks;
    last = first + step * ((decades + step - 1) / step);  // at most 1e100 * 10^(step - 1)
    LogAxis axis;
    axis.d0 = std::pow(10.0, first);
    axis.d1 = std::pow(10.0, last);
    for (int e = first; e <= last; e += step) axis.ticks.push_back(std::pow(10.0, e));
    return axis;
}

std::string svg_text(double x, double y, std::string_view text, std::string_view attributes) {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + std::string(attributes) + ">" +
           html_escape(text) + "</text>\n";
}

std::string svg_rect(double x, double y, double w, double h, std::string_view attributes) {
    return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(0.0, w)) +
           "\" height=\"" + num(std::max(0.0, h)) + "\" " + std::string(attributes) + "/>\n";
}

std::string svg_line(double x1, double y1, double x2, double y2, std::string_view attributes) {
    return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
           num(y2) + "\" " + std::string(attributes) + "/>\n";
}

std::string svg_circle(double cx, double cy, double r, std::string_view attributes) {
    return "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\" " +
           std::string(attributes) + "/>\n";
}

std::string svg_open(double width, double height, std::string_view label) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width) + " " +
           num(height) + "\" width=\"" + num(width) + "\" height=\"" + num(height) +
           "\" role=\"img\" aria-label=\"" + html_escape(label) +
           "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n";
}

std::string_view palette(std::size_t index) {
    static constexpr std::string_view kColours[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                    "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
    return kColours[index % (sizeof kColours / sizeof kColours[0])];
}

}  // namespace chipcount
