// String references ("[SR_KEY]") and their built-in English text. Texts that
// reach people (rights reasons, later command texts and messages) are written as
// references and resolved with the caller's language at the edge.
#pragma once

#include <string>
#include <string_view>

namespace userservice::detail {

/// `text` with every known "[SR_KEY]" replaced by its text, or, for a multi-language
/// value (`NO:"Leverandør";US:"Supplier"`), the value in the language (else English,
/// else the first). An empty language (or "*", "x": translation off) leaves the text
/// raw, as the WebAPI does without an Accept-Language. Only English texts are built
/// in; other languages fall back to them.
std::string localize(std::string_view text, std::string_view language);

/// Whether localize() would change anything for this language.
bool translates(std::string_view language) noexcept;

} // namespace userservice::detail
