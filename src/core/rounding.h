#pragma once

namespace leadscore::detail {

/// Rounds to 0.01, halves away from zero. A value within floating-point noise of a half counts
/// as the half, so 0.125 computed as 0.12499999999999997 still reports 0.13.
double RoundToCents(double value);

}  // namespace leadscore::detail
