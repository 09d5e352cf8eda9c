#include "postgres_session.h"

#include <poll.h>
#include <sys/socket.h>

namespace leadscore::server::postgres_session {
namespace {

using Clock = std::chrono::steady_clock;

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Deadlock and serialization failures are worth another attempt; a dropped connection too,
// after a reopen.
bool Retryable(PGconn* conn, const PGresult* result) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  std::string code = state ? state : "";
  return code == "40P01" || code == "40001" || PQstatus(conn) == CONNECTION_BAD;
}

// Waits until the connection's socket is ready for `events` or `end` passes.
bool WaitFor(PGconn* conn, short events, Clock::time_point end) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
  if (left <= 0) return false;
  pollfd wait{PQsocket(conn), events, 0};
  return poll(&wait, 1, static_cast<int>(left)) > 0;
}

}  // namespace

PGconn* Connect(const std::string& url) {
  // Later keywords win over the URL's: these are what make an outage fail fast and a 201 durable.
  // `synchronous_commit = on` whatever the role's or database's default says; statement_timeout
  // below the client's deadline; a transaction left open by a vanished client is ended.
  const char* keywords[] = {"dbname", "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                            "keepalives_count", "tcp_user_timeout", "options", nullptr};
  const char* values[] = {url.c_str(), "2", "1", "5", "2", "3", "5000",
                          "-c synchronous_commit=on -c statement_timeout=4000 -c lock_timeout=2000"
                          " -c idle_in_transaction_session_timeout=10000 -c client_min_messages=warning",
                          nullptr};
  return PQconnectdbParams(keywords, values, 1);
}

PGresult* Run(PGconn* conn, const char* sql, int count, const char* const* values, bool& timed_out,
              std::chrono::milliseconds deadline) {
  timed_out = false;
  if (PQstatus(conn) != CONNECTION_OK) return nullptr;
  Clock::time_point end = Clock::now() + deadline;
  PQsetnonblocking(conn, 1);
  bool answered = PQsendQueryParams(conn, sql, count, nullptr, values, nullptr, nullptr, 0) == 1;
  for (int flushed = answered ? PQflush(conn) : 0; flushed == 1; flushed = PQflush(conn)) {
    if (!WaitFor(conn, POLLOUT | POLLIN, end)) {
      answered = false;
      break;
    }
    PQconsumeInput(conn);
  }
  while (answered && PQisBusy(conn)) {
    if (!WaitFor(conn, POLLIN, end)) {
      answered = false;
      break;
    }
    if (!PQconsumeInput(conn)) break;  // the connection broke: PQgetResult reports it
  }
  PQsetnonblocking(conn, 0);
  if (!answered && PQstatus(conn) == CONNECTION_OK && PQisBusy(conn)) {
    // Cut the connection: its answer may still come, and the next statement must not read it.
    timed_out = true;
    shutdown(PQsocket(conn), SHUT_RDWR);
    PQconsumeInput(conn);
    while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
    return nullptr;
  }
  if (!answered) return nullptr;
  PGresult* last = nullptr;
  while (PGresult* result = PQgetResult(conn)) {
    if (last) PQclear(last);
    last = result;
  }
  return last;
}

void Reopen(PGconn* conn) {
  if (PQstatus(conn) == CONNECTION_BAD) PQreset(conn);
}

bool Succeeded(const PGresult* result) {
  ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

Error ConnectionError(PGconn* conn, const std::string& what) {
  return Error{"postgres", what + ": " + Trimmed(PQerrorMessage(conn))};
}

Result<Answer> Query(PGconn* conn, const std::string& sql, const std::vector<std::string>& parameters,
                     const std::string& what, int attempts) {
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const std::string& parameter : parameters) values.push_back(parameter.c_str());
  for (int attempt = 1;; ++attempt) {
    bool timed_out = false;
    Answer answer(Run(conn, sql.c_str(), static_cast<int>(values.size()), values.data(), timed_out));
    if (Succeeded(answer.get())) return answer;
    if (timed_out || attempt >= attempts || !Retryable(conn, answer.get())) {
      Error error = timed_out ? Error{"postgres", what + ": no answer within " +
                                                      std::to_string(kStatementDeadline.count() / 1000) + " s"}
                              : ConnectionError(conn, what);
      Reopen(conn);
      return std::vector<Error>{error};
    }
    Reopen(conn);
  }
}

}  // namespace leadscore::server::postgres_session
