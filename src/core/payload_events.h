#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "leadscore/config.h"
#include "leadscore/session.h"

namespace leadscore::detail {

/// At most this many bytes of a payload's events (as JSON) are events other than visits, form
/// submits, the forms' starts and views, and consent: a long session's payload stays well under
/// a collector's body limit (256 KiB by default) however long it is.
inline constexpr size_t kMaxPayloadEngagementBytes = 96 * 1024;

/// Which events of a log (in scoring order) a lead payload carries, as ascending positions: first
/// what qualification and plausibility rest on — every visit and form_submit, each submitted
/// form's latest form_start and form_view before its submit, the latest consent — then the most
/// recent other events while they fit in kMaxPayloadEngagementBytes; never more than
/// `submit.maxEvents` in all (the most recent first). The page applies it when it builds a
/// payload; the collector checks that a payload carries nothing it would not have chosen.
std::vector<size_t> SelectPayloadEvents(const Config& config, const EventLog& events);

}  // namespace leadscore::detail
