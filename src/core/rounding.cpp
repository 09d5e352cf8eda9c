#include "rounding.h"

#include <cmath>

namespace leadscore::detail {

double RoundToCents(double value) {
  double cents = std::fabs(value) * 100.0;
  double whole = std::floor(cents);
  double fraction = cents - whole;
  // Sums of decayed points carry relative errors near 1e-15; 1e-9 cents is far above that noise
  // and far below any difference a user could mean.
  constexpr double kTolerance = 1e-9;
  if (fraction >= 0.5 - kTolerance) whole += 1.0;
  double rounded = whole / 100.0;
  if (rounded == 0.0) return 0.0;  // never report -0
  return value < 0 ? -rounded : rounded;
}

}  // namespace leadscore::detail
