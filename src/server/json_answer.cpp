#include "json_answer.h"

namespace leadscore::server {

void SendJson(Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(JsonText(body), "application/json");
}

void SendError(Response& response, int status, const std::string& code, const std::string& message,
               const nlohmann::json& extra) {
  nlohmann::json body = {{"error", code}, {"message", message}};
  for (const auto& [key, value] : extra.items()) body[key] = value;
  SendJson(response, status, body);
}

}  // namespace leadscore::server
