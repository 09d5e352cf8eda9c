#include "fit.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "text.h"

namespace leadscore::detail {
namespace {

constexpr std::array<std::string_view, 24> kFreeEmailDomains = {
    "gmail.com",   "googlemail.com", "yahoo.com",   "yahoo.co.uk", "ymail.com",   "hotmail.com",
    "hotmail.co.uk", "outlook.com",  "live.com",    "msn.com",     "icloud.com",  "me.com",
    "mac.com",     "aol.com",        "gmx.com",     "gmx.de",      "gmx.net",     "web.de",
    "proton.me",   "protonmail.com", "mail.ru",     "yandex.ru",   "zoho.com",    "mail.com",
};

bool DomainIsOrIsUnder(std::string_view domain, std::string_view parent) {
  if (domain == parent) return true;
  return domain.size() > parent.size() && domain.substr(domain.size() - parent.size()) == parent &&
         domain[domain.size() - parent.size() - 1] == '.';
}

std::optional<double> NumericValue(const FieldValue& value) {
  if (value.is_number) return value.number;
  return ParseNumber(value.text);
}

bool Equals(const FieldValue& field, const FieldValue& expected) {
  if (expected.is_number) {
    std::optional<double> number = NumericValue(field);
    return number && *number == expected.number;
  }
  return ToLower(field.text) == expected.text;  // rule values are stored lower-cased
}

}  // namespace

bool IsValidEmail(std::string_view email) {
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  if (std::any_of(email.begin(), email.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)); })) {
    return false;
  }
  std::string_view domain = email.substr(at + 1);
  if (domain.find('.') == std::string_view::npos) return false;
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    size_t end = dot == std::string_view::npos ? domain.size() : dot;
    if (end == start) return false;  // an empty label: "a@.com", "a@b..com", "a@b.com."
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

std::string EmailDomain(std::string_view email) {
  if (!IsValidEmail(email)) return "";
  return ToLower(email.substr(email.find('@') + 1));
}

bool IsFreeEmail(std::string_view email, const std::vector<std::string>& extra_domains) {
  std::string domain = EmailDomain(email);
  if (domain.empty()) return false;
  return std::find(kFreeEmailDomains.begin(), kFreeEmailDomains.end(), domain) != kFreeEmailDomains.end() ||
         std::find(extra_domains.begin(), extra_domains.end(), domain) != extra_domains.end();
}

const FieldValue* FindField(const LeadFieldList& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

bool FitRuleMatches(const FitRule& rule, const LeadFieldList& fields,
                    const std::vector<std::string>& extra_free_domains) {
  const FieldValue* field = FindField(fields, rule.field);
  if (!field || field->text.empty()) return false;
  switch (rule.op) {
    case FitOp::kExists:
      return true;
    case FitOp::kEquals:
      return std::any_of(rule.values.begin(), rule.values.end(),
                         [&](const FieldValue& expected) { return Equals(*field, expected); });
    case FitOp::kContains: {
      std::string text = ToLower(field->text);
      return std::any_of(rule.values.begin(), rule.values.end(), [&](const FieldValue& part) {
        return text.find(part.text) != std::string::npos;
      });
    }
    case FitOp::kGte: {
      std::optional<double> number = NumericValue(*field);
      return number && *number >= rule.low;
    }
    case FitOp::kLte: {
      std::optional<double> number = NumericValue(*field);
      return number && *number <= rule.high;
    }
    case FitOp::kBetween: {
      std::optional<double> number = NumericValue(*field);
      return number && *number >= rule.low && *number <= rule.high;
    }
    case FitOp::kDomainIn: {
      std::string domain = EmailDomain(field->text);
      return !domain.empty() &&
             std::any_of(rule.values.begin(), rule.values.end(), [&](const FieldValue& listed) {
               return DomainIsOrIsUnder(domain, listed.text);
             });
    }
    case FitOp::kFreeEmail:
      return IsFreeEmail(field->text, extra_free_domains);
    case FitOp::kBusinessEmail:
      return IsValidEmail(field->text) && !IsFreeEmail(field->text, extra_free_domains);
  }
  return false;
}

}  // namespace leadscore::detail
