#include "manifest.hpp"

#include "../ascii.hpp"

#include <charconv>
#include <cstdio>

namespace userservice::detail {

PluginError pluginError(PluginErrorKind kind, const std::string& path, const std::string& plugin, std::string message,
    std::string loaderText)
{
    // Every message names the file it is about.
    if (!path.empty())
        message = path + ": " + message;
    return PluginError { kind, path, plugin, std::move(message), std::move(loaderText) };
}

void failPlugin(PluginErrorKind kind, const std::string& path, const std::string& plugin, std::string message,
    std::string loaderText)
{
    throw PluginException(pluginError(kind, path, plugin, std::move(message), std::move(loaderText)));
}

std::optional<std::string> undeclarableName(std::string_view name)
{
    if (name.empty())
        return "it is empty";
    static_assert(providesSeparator == ';', "the message below names the separator");
    if (name.find(providesSeparator) != std::string_view::npos)
        return "it contains ';', which separates the manifest's provides entries";
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return "it contains a control character";
    if (name.front() == ' ' || name.back() == ' ')
        return "it starts or ends with a space, which the manifest's reader trims";
    return std::nullopt;
}

std::string quotedName(std::string_view name)
{
    std::string out = "\"";
    for (const char c : name) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

namespace {

constexpr std::string_view marker = "userservice-plugin-manifest";

bool parseVersion(std::string_view text, int& major, int& minor)
{
    const auto dot = text.find('.');
    if (dot == std::string_view::npos)
        return false;
    const auto a = std::from_chars(text.data(), text.data() + dot, major);
    const auto b = std::from_chars(text.data() + dot + 1, text.data() + text.size(), minor);
    return a.ec == std::errc {} && a.ptr == text.data() + dot && b.ec == std::errc {} &&
        b.ptr == text.data() + text.size();
}

/// The list of a provides entry's kind ("command" -> customCommands), or null.
std::vector<std::string>* listOf(PluginManifest& manifest, std::string_view kind)
{
    if (kind == "command")
        return &manifest.customCommands;
    if (kind == "post-save")
        return &manifest.postSaveCommands;
    if (kind == "after-commit")
        return &manifest.afterCommitCommands;
    if (kind == "validator")
        return &manifest.validators;
    if (kind == "rights")
        return &manifest.rightsModifiers;
    return nullptr;
}

/// "command:Smith Group; post-save:audit-log": entries separated by ';', each
/// trimmed, kind and name separated by the first ':'.
template <class Bad> void parseProvides(std::string_view value, PluginManifest& manifest, const Bad& bad)
{
    for (const std::string_view entry : splitOn(value, providesSeparator)) {
        if (entry.empty())
            continue;
        const auto colon = entry.find(':');
        const std::string_view kind = entry.substr(0, colon);
        const std::string_view name = colon == std::string_view::npos ? std::string_view {} : entry.substr(colon + 1);
        if (name.empty())
            bad("\"" + std::string(entry) + "\" in provides is not kind:name");
        auto* list = listOf(manifest, kind);
        if (!list)
            bad("\"" + std::string(kind) +
                "\" in provides is not one of command, post-save, after-commit, validator, rights");
        list->emplace_back(name);
    }
}

} // namespace

PluginManifest parseManifest(std::string_view text, const std::string& path)
{
    PluginManifest manifest;
    manifest.path = path;
    const auto bad = [&](const std::string& problem) {
        failPlugin(PluginErrorKind::BadManifest, path, manifest.name, "bad manifest: " + problem);
    };
    if (text.substr(0, marker.size()) != marker)
        bad("it does not start with \"" + std::string(marker) + "\"");
    bool hasApi = false, hasFingerprint = false;
    for (const std::string_view line : splitOn(text.substr(marker.size()), '\n')) {
        if (line.empty())
            continue;
        const auto equals = line.find('=');
        if (equals == std::string_view::npos)
            bad("the line \"" + std::string(line) + "\" is not key=value");
        const std::string_view key = line.substr(0, equals), value = line.substr(equals + 1);
        if (key == "name") {
            manifest.name = value;
        } else if (key == "version") {
            manifest.version = value;
        } else if (key == "api") {
            if (!parseVersion(value, manifest.apiMajor, manifest.apiMinor))
                bad("api \"" + std::string(value) + "\" is not major.minor");
            hasApi = true;
        } else if (key == "fingerprint") {
            manifest.fingerprint = value;
            hasFingerprint = true;
        } else if (key == "provides") {
            parseProvides(value, manifest, bad);
        } // other keys: a newer minor version may add some
    }
    if (manifest.name.empty())
        bad("no name");
    if (manifest.version.empty())
        bad("no version");
    if (!hasApi)
        bad("no api version");
    if (!hasFingerprint)
        bad("no build fingerprint");
    return manifest;
}

void checkCompatible(const PluginManifest& m)
{
    const std::string where = "plugin " + m.name;
    const std::string host =
        std::to_string(PluginRegistry::apiMajor()) + "." + std::to_string(PluginRegistry::apiMinor());
    const std::string theirs = std::to_string(m.apiMajor) + "." + std::to_string(m.apiMinor);
    if (m.apiMajor != PluginRegistry::apiMajor())
        failPlugin(PluginErrorKind::ApiMajorMismatch, m.path, m.name,
            where + " was built for plugin API " + theirs + ", but this host has API " + host +
                ": the major versions differ");
    if (m.apiMinor > PluginRegistry::apiMinor())
        failPlugin(PluginErrorKind::ApiMinorTooNew, m.path, m.name,
            where + " was built for plugin API " + theirs + ", newer than this host's " + host);
    if (m.fingerprint != PluginRegistry::fingerprint())
        failPlugin(PluginErrorKind::FingerprintMismatch, m.path, m.name,
            where + " was built as \"" + m.fingerprint + "\", but this host is \"" +
                std::string(PluginRegistry::fingerprint()) + "\"");
}

} // namespace userservice::detail
