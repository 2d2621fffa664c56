// String references ("[SR_KEY]") and their built-in English text. Texts that
// reach people (rights reasons, later command texts and messages) are written as
// references and resolved with the caller's language at the edge.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace userservice::detail {

/// Texts from elsewhere (plugins): the text of a key ("SR_MY_KEY") in a language ("no").
using TextSource = std::function<std::optional<std::string>(std::string_view key, std::string_view language)>;

/// `text` with every known "[SR_KEY]" replaced by its text, or, for a multi-language
/// value (`NO:"Leverandør";US:"Supplier"`), the value in the language (else English,
/// else the first). An empty language (or "*", "x": translation off) leaves the text
/// raw, as the WebAPI does without an Accept-Language. Only English texts are built
/// in; other languages fall back to them.
/// A key is looked up in `extra` for the language, then among the built-in texts, then
/// in `extra` for English.
std::string localize(std::string_view text, std::string_view language, const TextSource* extra = nullptr);

/// Whether localize() would change anything for this language.
bool translates(std::string_view language) noexcept;

} // namespace userservice::detail
