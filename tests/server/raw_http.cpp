#include "raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace leadscore::server::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A whole answer: its headers and as many body bytes as its Content-Length says.
bool Complete(const std::string& data) {
  size_t end = data.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  size_t length_at = data.find("Content-Length: ");
  if (length_at == std::string::npos || length_at > end) return false;
  size_t length = std::stoul(data.substr(length_at + 16));
  return data.size() >= end + 4 + length;
}

}  // namespace

RawConnection::RawConnection(int port, const char* from) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ >= 0 && from) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    if (inet_pton(AF_INET, from, &source.sin_addr) != 1 ||
        bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
      close(fd_);
      fd_ = -1;
      return;
    }
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

RawConnection::RawConnection(RawConnection&& other) noexcept : fd_(other.fd_), closed_(other.closed_) {
  other.fd_ = -1;
}

size_t RawConnection::Send(const std::string& data, std::chrono::milliseconds timeout) {
  size_t sent = 0;
  Clock::time_point end = Clock::now() + timeout;
  while (sent < data.size() && Clock::now() < end) {
    pollfd wait{fd_, POLLOUT, 0};
    if (poll(&wait, 1, 50) <= 0) continue;
    if (wait.revents & (POLLERR | POLLHUP)) break;
    ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      break;
    }
    sent += static_cast<size_t>(n);
  }
  return sent;
}

std::string RawConnection::Receive(std::chrono::milliseconds timeout, size_t limit) {
  std::string data;
  Clock::time_point end = Clock::now() + timeout;
  char buffer[65536];
  while (data.size() < limit && Clock::now() < end) {
    pollfd wait{fd_, POLLIN, 0};
    if (poll(&wait, 1, 50) <= 0) continue;
    ssize_t n = recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) {
      closed_ = true;
      break;
    }
    data.append(buffer, static_cast<size_t>(n));
    if (Complete(data)) break;
  }
  return data;
}

int StatusOf(const std::string& answer) {
  return answer.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(answer.c_str() + 9) : 0;
}

std::string BodyOf(const std::string& answer) {
  size_t end = answer.find("\r\n\r\n");
  return end == std::string::npos ? "" : answer.substr(end + 4);
}

std::string RawExchange(int port, const std::string& request, std::chrono::milliseconds timeout,
                        const char* from) {
  RawConnection connection(port, from);
  if (!connection.ok()) return "";
  connection.Send(request, timeout);
  return connection.Receive(timeout);
}

}  // namespace leadscore::server::testing
