#include "command_line.h"

#include <unistd.h>

#include <cerrno>

namespace leadscore::cli {
namespace {

const OptionSpec* FindSpec(const std::vector<OptionSpec>& specs, const std::string& name) {
  for (const OptionSpec& spec : specs) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

Result<CommandLine> Fail(std::string message) {
  return std::vector<Error>{Error{"", std::move(message)}};
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed pipe: nothing left to tell anyone
    done += static_cast<size_t>(n);
  }
}

}  // namespace

Result<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                     const std::vector<OptionSpec>& specs) {
  CommandLine line;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    bool looks_like_option = arg.size() > 1 && arg[0] == '-';
    if (options_ended || !looks_like_option) {
      line.operands.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    const OptionSpec* spec = FindSpec(specs, name);
    if (spec == nullptr) return Fail("unknown option \"" + name + "\"");
    if (line.Has(name)) return Fail(name + " given twice");
    if (!spec->takes_value) {
      if (equals != std::string::npos) return Fail(name + " takes no value");
      line.options[name] = "";
    } else if (equals != std::string::npos) {
      line.options[name] = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      line.options[name] = args[++i];
    } else {
      return Fail(name + " needs a value");
    }
  }
  return line;
}

int UsageError(const std::string& command, const std::string& message) {
  WriteErr("leadscore " + command + ": " + message + " (see 'leadscore " + command + " --help')\n");
  return 2;
}

int ReportInputErrors(const std::vector<Error>& errors) {
  std::string text;
  for (const Error& error : errors) text += error.ToString() + "\n";
  WriteErr(text);
  return 2;
}

void WriteOut(const std::string& text) { WriteAll(STDOUT_FILENO, text); }

void WriteErr(const std::string& text) { WriteAll(STDERR_FILENO, text); }

}  // namespace leadscore::cli
