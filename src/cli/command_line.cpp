#include "command_line.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>

namespace leadscore::cli {
namespace {

constexpr const char* kFooter =
    "Run 'leadscore COMMAND --help' for a command's options.\n"
    "\n"
    "Errors name the input: \"FILE: $.json.path: message\" for configs and payloads,\n"
    "\"FILE:LINE: message\" for event logs; <stdin> stands for standard input.\n"
    "\n"
    "Exit codes: 0 ok; 1 payload rejected (verify); 2 bad input or usage;\n"
    "3 lead not qualified (score --payload); serve: 2 startup error, 1 serving failed later.";

// The usage line first, then what the command does, its operands, options and details.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    std::string help = make_usage(app, name);
    if (!app->get_description().empty()) help += "\n" + app->get_description() + "\n";
    help += make_positionals(app) + make_groups(app, mode) + make_subcommands(app, mode);
    std::string footer = make_footer(app);
    return footer.empty() ? help : help + "\n" + footer;
  }
};

// Accepts a whole decimal integer from `low` to `high`; otherwise says what it expected.
CLI::Validator IntegerIn(int64_t low, int64_t high, const std::string& expected) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        int64_t value = 0;
        const char* end = text.data() + text.size();
        auto [stop, error] = std::from_chars(text.data(), end, value);
        bool fits = !text.empty() && error == std::errc() && stop == end && value >= low && value <= high;
        return fits ? "" : expected + ", got '" + text + "'";
      },
      "");
}

// Accepts a finite number of at least `low`.
CLI::Validator NumberFrom(double low, const std::string& expected) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
        bool fits = !text.empty() && *end == '\0' && std::isfinite(value) && value >= low;
        return fits ? "" : expected + ", got '" + text + "'";
      },
      "");
}

// `DIR` mounts at `/`; `/prefix=DIR` mounts under `/prefix`.
server::StaticMount ParseMount(const std::string& text) {
  server::StaticMount mount;
  size_t equals = text.find('=');
  if (!text.empty() && text.front() == '/' && equals != std::string::npos) {
    mount.prefix = text.substr(0, equals);
    mount.dir = text.substr(equals + 1);
    while (mount.prefix.size() > 1 && mount.prefix.back() == '/') mount.prefix.pop_back();
  } else {
    mount.dir = text;
  }
  return mount;
}

// What each command's options are parsed into; the one the command line names is returned.
struct Requests {
  ValidateRequest validate;
  ScoreRequest score;
  int64_t score_now = 0;
  VerifyRequest verify;
  server::ServeOptions serve;
  std::vector<std::string> serve_mounts;
};

// The scoring config that score, verify and serve read.
void AddConfigOption(CLI::App& command, std::string& path) {
  command.add_option("--config", path, "the scoring config")->type_name("CONFIG")->required();
}

CLI::App* AddValidate(CLI::App& app, Requests& requests) {
  CLI::App* command = app.add_subcommand("validate", "check a scoring config, or a collector's forwarding file");
  command->add_option("CONFIG", requests.validate.config_path, "the scoring config to check")->type_name("");
  command->add_option("--forward", requests.validate.forward_path,
                      "check this forwarding file as 'serve --forward' would, environment included")
      ->type_name("FILE");
  command->footer(
      "Prints \"CONFIG: ok (...)\" and exits 0 when it is valid; otherwise prints every error on\n"
      "stderr, one per line as \"CONFIG: $.json.path: message\", and exits 2.");
  return command;
}

CLI::App* AddScore(CLI::App& app, Requests& requests) {
  CLI::App* command = app.add_subcommand(
      "score", "score an event log and print the Score as JSON, or with --payload the lead payload");
  command->add_option("EVENTS", requests.score.events_path,
                      "JSON Lines (one event per line, blank lines skipped) or one JSON array, told\n"
                      "apart by the first non-space character; without it, or with -, stdin")
      ->type_name("");
  AddConfigOption(*command, requests.score.config_path);
  command->add_option("--now", requests.score_now,
                      "score at this time, ms since the Unix epoch (default: the latest event's t)")
      ->type_name("MS")
      ->check(IntegerIn(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                        "expected an integer (ms since the Unix epoch)"));
  command
      ->add_flag("--payload", requests.score.payload,
                 "print the lead payload instead; exit 3 when the lead does not qualify,\n"
                 "with \"not qualified: REASON, ...\" on stderr")
      ->multi_option_policy(CLI::MultiOptionPolicy::Throw);
  command->footer(
      "Any bad event fails the whole run: every one is reported on stderr as\n"
      "\"EVENTS:LINE: $.json.path: message\" (LINE = where the event starts; <stdin> for stdin),\n"
      "nothing is printed on stdout, and the exit code is 2.");
  return command;
}

CLI::App* AddVerify(CLI::App& app, Requests& requests) {
  CLI::App* command = app.add_subcommand(
      "verify", "re-score a received lead payload's events and check its score, stage, qualification and plausibility");
  command->add_option("PAYLOAD", requests.verify.payload_path, "the lead payload; without it, or with -, stdin")
      ->type_name("");
  AddConfigOption(*command, requests.verify.config_path);
  command->footer(
      "  exit 0  verified: \"verified: LEAD_ID (stage STAGE, total TOTAL)\" on stdout\n"
      "  exit 1  rejected: \"rejected: CODE: message\" on stderr\n"
      "  exit 2  malformed payload or bad config: \"FILE: $.json.path: message\" on stderr");
  return command;
}

CLI::App* AddServe(CLI::App& app, Requests& requests) {
  server::ServeOptions& options = requests.serve;
  CLI::App* command = app.add_subcommand("serve", "receive, verify and store leads over HTTP (the lead collector)");
  AddConfigOption(*command, options.config_path);
  CLI::Option* db = command->add_option("--db", options.sqlite_path, "SQLite database, created if missing")
                        ->type_name("PATH")
                        ->capture_default_str();
  CLI::Option* postgres =
      command->add_option("--postgres", options.postgres_url, "PostgreSQL connection URI instead of SQLite")
          ->type_name("URL");
  CLI::Option* postgres_file =
      command->add_option("--postgres-file", options.postgres_file,
                          "read the PostgreSQL connection URI from FILE, out of sight of `ps`")
          ->type_name("FILE");
  db->excludes(postgres);
  db->excludes(postgres_file);
  postgres->excludes(db);
  postgres->excludes(postgres_file);
  postgres_file->excludes(db);
  postgres_file->excludes(postgres);
  command
      ->add_option("--static", requests.serve_mounts,
                   "serve DIR's files at /, or under /PREFIX with /PREFIX=DIR; repeatable")
      ->type_name("[/PREFIX=]DIR")
      ->allow_extra_args(false);
  command->add_option("--host", options.host, "the address to listen on")->capture_default_str();
  command->add_option("--port", options.port, "the port; 0 picks a free one, which the startup line names")
      ->check(IntegerIn(0, 65535, "expected a port number 0-65535"))
      ->capture_default_str();
  command->add_option("--admin-token", options.admin_token,
                      "Bearer token for GET /leads and /leads.csv, 16 characters or more")
      ->type_name("TOKEN")
      ->envname("LEADSCORE_ADMIN_TOKEN");
  command->add_option("--admin-token-file", options.admin_token_file,
                      "read the admin token from FILE, out of sight of `ps`; 16 characters or more")
      ->type_name("FILE");
  command
      ->add_option("--trusted-proxy", options.trusted_proxies,
                   "a reverse proxy's address: its X-Forwarded-For names the client for rate limits; repeatable")
      ->type_name("ADDR")
      ->allow_extra_args(false);
  command->add_option("--max-body", options.max_body_bytes, "largest accepted lead payload")
      ->type_name("BYTES")
      ->check(IntegerIn(1024, int64_t{1} << 30, "expected a byte count from 1024"))
      ->capture_default_str();
  command->add_option("--rate-limit", options.rate_per_second,
                      "lead posts per second per client address; 0 turns the limit off")
      ->type_name("PER_SECOND")
      ->check(NumberFrom(0, "expected a non-negative number"))
      ->capture_default_str();
  command->add_option("--rate-burst", options.rate_burst, "posts a client may send at once")
      ->type_name("N")
      ->check(NumberFrom(1, "expected a number from 1"))
      ->capture_default_str();
  command->add_option("--threads", options.threads, "route handlers running at once; an open connection holds none")
      ->type_name("N")
      ->check(IntegerIn(2, 1024, "expected 2-1024"))
      ->capture_default_str();
  command->add_option("--max-connections", options.max_connections,
                      "open connections served at once; beyond them new connections get 503 with Retry-After")
      ->type_name("N")
      ->check(IntegerIn(1, 1000000, "expected 1-1000000"))
      ->capture_default_str();
  command->add_option("--max-connections-per-client", options.max_connections_per_client,
                      "open connections from one client address; more are closed as they are accepted.\n"
                      "0 turns the cap off; behind a proxy every visitor shares its address, so leave it off")
      ->type_name("N")
      ->check(IntegerIn(0, 1000000, "expected 0-1000000"))
      ->capture_default_str();
  command->add_option("--request-timeout", options.request_timeout_seconds,
                      "a request's headers and body must arrive within this many seconds of its request\n"
                      "line (the line as long after the previous answer); a slower client's connection is closed")
      ->type_name("SECONDS")
      ->check(IntegerIn(1, 300, "expected seconds 1-300"))
      ->capture_default_str();
  command->add_option("--pg-connections", options.postgres_connections, "PostgreSQL connections")
      ->type_name("N")
      ->check(IntegerIn(1, 64, "expected 1-64"))
      ->capture_default_str();
  command->add_option("--forward", options.forward_path,
                      "forward stored leads to the webhooks, CRMs and chats in FILE (see docs/forwarding.md)")
      ->type_name("FILE");
  command->footer(
      "Exit codes: 0 after a clean shutdown (SIGTERM or SIGINT); 2 on a startup error (bad config,\n"
      "database or port unavailable); 1 if serving failed later.");
  return command;
}

ParsedCommandLine Print(std::string out) { return ParsedCommandLine{std::nullopt, 0, std::move(out), ""}; }

ParsedCommandLine UsageError(const CLI::App& command, const std::string& message) {
  std::string name = command.get_parent() ? "leadscore " + command.get_name() : "leadscore";
  return ParsedCommandLine{std::nullopt, 2, "", name + ": " + message + " (see '" + name + " --help')\n"};
}

ParsedCommandLine Run(Command command) { return ParsedCommandLine{std::move(command), 0, "", ""}; }

// The command the parser had reached: a subcommand once its name was read, else the program.
const CLI::App& Reached(const CLI::App& app) {
  std::vector<const CLI::App*> named = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* command : named) {
    if (command->parsed()) return *command;
  }
  return app;
}

// Arguments the parser could not place: an unknown option, an unknown command before one was
// named, or an operand after the command's own.
std::optional<std::string> Unplaced(const CLI::App& command) {
  for (const std::string& arg : command.remaining()) {
    if (arg == "--") continue;
    bool is_option = arg.size() > 1 && arg[0] == '-';
    std::string what = is_option ? "unknown option" : command.get_parent() ? "unexpected operand" : "unknown command";
    return what + " \"" + arg + "\"";
  }
  return std::nullopt;
}

// CLI11's message, except for the rule it words least clearly: an option given twice.
std::string ParseErrorMessage(const CLI::App& command, const CLI::ParseError& error) {
  for (const CLI::Option* option : command.get_options()) {
    bool takes_one = option->get_items_expected_max() <= 1;  // a flag or one value, not a list
    if (option->count() > 1 && takes_one) return option->get_name() + " given twice";
  }
  return error.what();
}

ParsedCommandLine Validate(const CLI::App& command, const ValidateRequest& request) {
  bool has_config = command.count("CONFIG") != 0;
  bool has_forward = command.count("--forward") != 0;
  if (has_config && has_forward) return UsageError(command, "give CONFIG or --forward FILE, not both");
  if (!has_config && !has_forward) return UsageError(command, "missing CONFIG");
  return Run(request);
}

ParsedCommandLine Score(const CLI::App& command, Requests& requests) {
  if (command.count("--now") != 0) requests.score.now = requests.score_now;
  return Run(requests.score);
}

ParsedCommandLine Serve(const CLI::App& command, Requests& requests) {
  server::ServeOptions& options = requests.serve;
  for (const std::string& text : requests.serve_mounts) {
    options.static_mounts.push_back(ParseMount(text));
    if (options.static_mounts.back().dir.empty()) return UsageError(command, "--static: expects a directory");
  }
  return Run(options);
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

ParsedCommandLine ParseCommandLine(const std::vector<std::string>& args) {
  CLI::App app{"leadscore - lead scoring for marketing sites", "leadscore"};
  app.formatter(std::make_shared<HelpFormatter>());
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "print the version and exit")->multi_option_policy(CLI::MultiOptionPolicy::Throw);
  Requests requests;
  CLI::App* validate = AddValidate(app, requests);
  CLI::App* score = AddScore(app, requests);
  CLI::App* verify = AddVerify(app, requests);
  CLI::App* serve = AddServe(app, requests);
  app.footer(kFooter);  // after the commands, which would inherit it
  // Unknown options and commands are left over rather than thrown, so that they are named in
  // the message.
  for (CLI::App* command : {&app, validate, score, verify, serve}) command->allow_extras();

  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return Print(app.help());
  } catch (const CLI::ParseError& error) {
    return UsageError(Reached(app), ParseErrorMessage(Reached(app), error));
  }

  const CLI::App& reached = Reached(app);
  if (std::optional<std::string> unplaced = Unplaced(app)) {
    if (app.remaining().front() == "help") return Print(app.help());
    return UsageError(app, *unplaced);
  }
  if (std::optional<std::string> unplaced = Unplaced(reached)) return UsageError(reached, *unplaced);
  if (version) return Print("leadscore " LEADSCORE_VERSION "\n");
  if (&reached == validate) return Validate(reached, requests.validate);
  if (&reached == score) return Score(reached, requests);
  if (&reached == verify) return Run(requests.verify);
  if (&reached == serve) return Serve(reached, requests);
  return UsageError(app, "missing command");
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
