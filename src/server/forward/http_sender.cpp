#include "http_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

namespace leadscore::server {
namespace {

// The start of an answer is enough for a person to see why it was refused.
constexpr size_t kKeptAnswerBytes = 2048;

struct Transfer {
  std::string body;
  std::string retry_after;
  const std::atomic<bool>* cancel = nullptr;
};

size_t KeepBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  size_t room = kKeptAnswerBytes - std::min(kKeptAnswerBytes, transfer->body.size());
  transfer->body.append(data, std::min(room, bytes));
  return bytes;
}

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string line(data, bytes);
  const std::string name = "retry-after:";
  if (line.size() > name.size()) {
    std::string head = line.substr(0, name.size());
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    if (head == name) {
      std::string value = line.substr(name.size());
      size_t first = value.find_first_not_of(" \t");
      size_t last = value.find_last_not_of(" \t\r\n");
      transfer->retry_after = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    }
  }
  return bytes;
}

int CheckCancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->cancel->load() ? 1 : 0;
}

struct EasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

void InitializeHttpSender() { curl_global_init(CURL_GLOBAL_DEFAULT); }

HttpAnswer SendRequest(const OutboundRequest& request, const SendLimits& limits, const std::atomic<bool>& cancel,
                       int64_t now_ms) {
  HttpAnswer answer;
  std::unique_ptr<CURL, EasyCleanup> curl(curl_easy_init());
  if (!curl) {
    answer.error = "cannot start a transfer";
    return answer;
  }
  std::unique_ptr<curl_slist, ListCleanup> headers;
  for (const auto& [name, value] : request.headers) {
    headers.reset(curl_slist_append(headers.release(), (name + ": " + value).c_str()));
  }
  // libcurl would otherwise send `Expect: 100-continue` for larger bodies and wait for an answer.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));
  Transfer transfer;
  transfer.cancel = &cancel;
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "leadscore-collector");
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits.connect_timeout_ms));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.total_timeout_ms));
  // Signals stay with the collector's shutdown watcher; timeouts then need no SIGALRM.
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, KeepBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, ReadHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, CheckCancel);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);

  CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    answer.cancelled = true;
    answer.error = "the collector stopped during the attempt";
    return answer;
  }
  if (code != CURLE_OK) {
    answer.error = curl_easy_strerror(code);
    return answer;
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  answer.status = static_cast<int>(status);
  answer.body = std::move(transfer.body);
  answer.retry_after_ms = ParseRetryAfter(transfer.retry_after, now_ms);
  return answer;
}

}  // namespace leadscore::server
