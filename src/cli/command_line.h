#pragma once

#include <map>
#include <string>
#include <vector>

#include "leadscore/result.h"

namespace leadscore::cli {

/// An option a command accepts: `--name VALUE` (or `--name=VALUE`) when it takes a value, else a flag.
struct OptionSpec {
  const char* name;
  bool takes_value;
};

/// A command's arguments after the command name.
struct CommandLine {
  std::map<std::string, std::string> options;  // "--config" → value; a flag maps to ""
  std::vector<std::string> operands;           // `-` stands for standard input

  bool Has(const std::string& name) const { return options.count(name) != 0; }
};

/// Splits `args` into options and operands. `--` ends the options. The single error, if any, is a
/// one-line message without the program name (`unknown option "--x"`).
Result<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                     const std::vector<OptionSpec>& specs);

/// Prints `leadscore COMMAND: MESSAGE (see 'leadscore COMMAND --help')` on stderr; returns exit 2.
int UsageError(const std::string& command, const std::string& message);

/// Prints each error on a line of its own on stderr; returns exit 2 (bad input).
int ReportInputErrors(const std::vector<Error>& errors);

/// Writes all of `text` to standard output or standard error, unbuffered by stdio.
void WriteOut(const std::string& text);
void WriteErr(const std::string& text);

}  // namespace leadscore::cli
