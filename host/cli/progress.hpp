// Benchmark progress on stderr: a line per case; a percentage that rewrites itself on a terminal
// (a quarter-step trail otherwise, so logs stay short).
#pragma once
#include <unistd.h>

#include <iostream>
#include <string>

#include "chipcount/runner/benchmark_runner.hpp"

namespace chipcount::cli {

class TerminalProgress : public runner::BenchProgress {
  public:
    TerminalProgress() : tty_(isatty(2) != 0) {}
    void planned(std::size_t cases) override { total_ = cases; }
    void case_started(const std::string& label) override {
        ++index_;
        std::cerr << "[" << index_ << "/" << total_ << "] " << label << std::flush;
        last_percent_ = -1;
    }
    void case_fraction(double done) override {
        const int percent = static_cast<int>(done * 100);
        if (tty_) {
            std::cerr << "\r[" << index_ << "/" << total_ << "] " << percent << "%   "
                      << std::flush;
        } else if (percent / 25 != last_percent_ / 25) {
            std::cerr << " " << percent << "%" << std::flush;
        }
        last_percent_ = percent;
    }
    void case_finished(const std::string& outcome) override {
        std::cerr << (tty_ && last_percent_ >= 0 ? "\r" : " ") << outcome << "\n";
    }

  private:
    std::size_t total_ = 0;
    std::size_t index_ = 0;
    bool tty_;
    int last_percent_ = -1;
};

}  // namespace chipcount::cli
