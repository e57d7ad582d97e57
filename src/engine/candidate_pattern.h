// CandidatePattern: the form of a rule's regex that Hyperscan compiles.
//
// Hyperscan only has to say "this rule may match here"; RE2 confirms every
// candidate with the rule's exact regex. So the candidate pattern may match
// more than the rule, and we use that to keep compile time low: a wide
// bounded repeat such as `[A-Za-z0-9]{10,1000}` costs Hyperscan seconds to
// compile, while `[A-Za-z0-9]{10,}` costs milliseconds and finds a superset.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

// `regex` with every bounded repeat {m,n} whose range is wide (n > 32 or
// n - m > 16) turned into {min(m, 32),}. Repeats inside character classes and
// escaped braces are left alone.
std::string WidenRepeats(std::string_view regex);

}  // namespace vigil
