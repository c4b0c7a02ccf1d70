// The error kinds the CLI maps to exit codes (design §5): 2 bad input or usage, 3 no usable GPU.
// Anything else that escapes (a CUDA failure, a failed validation, an IoError) is exit code 1.
#pragma once
#include <stdexcept>
#include <string>

namespace chipcount {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitNoGpu = 3;

// Bad input: the message names the file, the claim or profile id and the field.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A command line that cannot be carried out as written.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// An input or output the user named works, but reading or writing it failed part way (a full
// disk, an I/O error, a closed standard output): exit 1, not 2, because the path itself was fine.
class IoError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A command that needs a GPU found none.
class NoGpuError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace chipcount
