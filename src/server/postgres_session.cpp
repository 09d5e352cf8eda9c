#include "postgres_session.h"

#include <poll.h>
#include <sys/socket.h>

namespace leadscore::server::postgres_session {
namespace {

using Clock = std::chrono::steady_clock;

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

}  // namespace leadscore::server::postgres_session
