#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "leadscore/result.h"

// How the collector talks to PostgreSQL so that an outage fails fast: every connection has a
// connect timeout, TCP keepalives and its session settings fixed at connect time (so a reconnect
// gets them too), and every statement a deadline on the client's side, which also holds when the
// server is paused and never answers.
namespace leadscore::server::postgres_session {

/// A statement's answer must arrive within this; the server's statement_timeout is shorter, so a
/// slow statement ends with the server's error and only a silent server reaches this deadline.
inline constexpr std::chrono::milliseconds kStatementDeadline{5000};

/// Connects to `url` with the collector's timeouts and session settings; check PQstatus.
PGconn* Connect(const std::string& url);

/// Runs one statement with text parameters within `deadline`. On a deadline the connection is cut
/// (PQstatus turns CONNECTION_BAD, the next Reopen connects afresh) and null is returned, with
/// `timed_out` set.
PGresult* Run(PGconn* conn, const char* sql, int count, const char* const* values, bool& timed_out,
              std::chrono::milliseconds deadline = kStatementDeadline);

/// Reconnects a connection that went bad, within the connect timeout; the session settings come
/// with the connection.
void Reopen(PGconn* conn);

struct AnswerClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
/// A statement's answer, cleared when it goes.
using Answer = std::unique_ptr<PGresult, AnswerClearer>;

/// Whether a statement succeeded (null, for no answer, did not).
bool Succeeded(const PGresult* result);

/// `postgres: WHAT: MESSAGE`, with the connection's last error message.
Error ConnectionError(PGconn* conn, const std::string& what);

/// Runs one statement with text parameters (Run). Its failure is one error, `postgres: WHAT: …`
/// (the server's message, or `no answer within 5 s`), after which the connection is reopened for
/// its next user. A deadlock, a serialization failure or a dropped connection is tried again, up
/// to `attempts` runs in all; a silent server is an outage, not a hiccup, and is answered at once.
Result<Answer> Query(PGconn* conn, const std::string& sql, const std::vector<std::string>& parameters,
                     const std::string& what, int attempts = 1);

}  // namespace leadscore::server::postgres_session
