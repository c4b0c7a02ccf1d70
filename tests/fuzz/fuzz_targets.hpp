// The fuzz harnesses: each feeds arbitrary bytes to one parser. Bad input must end in an
// InputError or UsageError; any other exception, crash, leak or sanitizer report is a bug.
// libFuzzer drives them (fuzz_main.cpp); the regression test replays the corpus and every input
// that once crashed (tests/core/fuzz_regression_test.cpp).
#pragma once
#include <cstddef>
#include <cstdint>

namespace chipcount::fuzz {

void claims(const std::uint8_t* data, std::size_t size);
void profile(const std::uint8_t* data, std::size_t size);
void result(const std::uint8_t* data, std::size_t size);
void units(const std::uint8_t* data, std::size_t size);
// Stated figures ("more than 115,000", "3-4万卡"): parse_stated_figure never throws, and what it
// accepts is finite and positive with upper >= value; the unit then goes through the unit tables.
void stated_figure(const std::uint8_t* data, std::size_t size);
// Deep nesting, long strings, many keys: parse_json_text, dump() of what it accepts, and the
// estimate reader, which walks nested objects.
void deep_json(const std::uint8_t* data, std::size_t size);
// The command line's inline values (--chips, --servers, --gpus-per-server, --chip, --compute,
// --power, one a line, an empty line for a flag not given), through inline_claims as
// `chipcount estimate` calls it, then the estimate; and --shapes.
void flags(const std::uint8_t* data, std::size_t size);

}  // namespace chipcount::fuzz
