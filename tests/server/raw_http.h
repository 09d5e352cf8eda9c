#pragma once

#include <chrono>
#include <string>

namespace leadscore::server::testing {

/// A loopback connection that speaks raw bytes, closed with the object. Polled, never select(),
/// so a test may hold descriptors past 1024; sends with MSG_NOSIGNAL, so a server that closes
/// while a body is still being sent ends the send, not the test binary, and the answer it sent
/// before closing can still be read.
class RawConnection {
 public:
  /// Connects to 127.0.0.1:`port`, from the loopback address `from` (127.0.0.1 unless given:
  /// any 127.x.y.z is a client of its own to the server).
  explicit RawConnection(int port, const char* from = nullptr);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  /// Sends everything unless the peer closes or `timeout` passes; returns the bytes sent.
  size_t Send(const std::string& data, std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

  /// Reads until the peer closes, `limit` bytes arrived, a whole answer with its body arrived,
  /// or `timeout` passed. A reset after the answer arrived keeps what was read.
  std::string Receive(std::chrono::milliseconds timeout, size_t limit = 64 * 1024 * 1024);

  /// The peer closed (or reset) the connection during a Receive.
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool closed_ = false;
};

/// The status code of a raw HTTP/1.1 answer, 0 when there is none.
int StatusOf(const std::string& answer);

/// What follows the headers of a raw answer.
std::string BodyOf(const std::string& answer);

/// One request on a fresh connection: the whole answer, or what came before `timeout`. The
/// answer is read even when the server closed before the request was all sent.
std::string RawExchange(int port, const std::string& request, std::chrono::milliseconds timeout,
                        const char* from = nullptr);

}  // namespace leadscore::server::testing
