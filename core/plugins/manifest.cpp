#include "manifest.hpp"

#include "../ascii.hpp"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <charconv>
#include <memory>

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

namespace {

/// libelf's text for its last error, if there was one.
std::string elfError()
{
    const int error = elf_errno();
    return error == 0 ? std::string() : elf_errmsg(error);
}

} // namespace

std::string readManifestSection(const std::filesystem::path& file)
{
    const std::string path = file.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        failPlugin(PluginErrorKind::FileNotFound, path, {}, "no such plugin file");

    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        failPlugin(PluginErrorKind::FileNotFound, path, {}, "the file cannot be opened");
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer { fd };

    if (elf_version(EV_CURRENT) == EV_NONE)
        failPlugin(PluginErrorKind::NotASharedLibrary, path, {}, "libelf cannot be initialised", elfError());
    std::unique_ptr<Elf, decltype(&elf_end)> elf(elf_begin(fd, ELF_C_READ, nullptr), &elf_end);
    GElf_Ehdr header;
    if (!elf || elf_kind(elf.get()) != ELF_K_ELF || !gelf_getehdr(elf.get(), &header) || header.e_type != ET_DYN)
        failPlugin(PluginErrorKind::NotASharedLibrary, path, {}, "not a shared library", elfError());

    std::size_t namesIndex = 0;
    if (elf_getshdrstrndx(elf.get(), &namesIndex) != 0)
        failPlugin(PluginErrorKind::NotASharedLibrary, path, {}, "its section names cannot be read", elfError());
    for (Elf_Scn* section = elf_nextscn(elf.get(), nullptr); section; section = elf_nextscn(elf.get(), section)) {
        GElf_Shdr sectionHeader;
        if (!gelf_getshdr(section, &sectionHeader))
            continue;
        const char* name = elf_strptr(elf.get(), namesIndex, sectionHeader.sh_name);
        if (!name || std::string_view(name) != USERSERVICE_PLUGIN_SECTION)
            continue;
        Elf_Data* data = elf_getdata(section, nullptr);
        if (!data || !data->d_buf)
            break;
        const auto* bytes = static_cast<const char*>(data->d_buf);
        // The section holds the NUL-terminated manifest text (and nothing else).
        return std::string(bytes, strnlen(bytes, data->d_size));
    }
    failPlugin(PluginErrorKind::NotAPlugin, path, {},
        "a shared library without a userservice plugin manifest (section " USERSERVICE_PLUGIN_SECTION ")");
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
            for (const std::string_view item : splitOn(value, ' ')) {
                if (item.empty())
                    continue;
                const auto colon = item.find(':');
                const std::string_view kind = item.substr(0, colon);
                const std::string name(colon == std::string_view::npos ? std::string_view {} : item.substr(colon + 1));
                if (name.empty())
                    bad("\"" + std::string(item) + "\" in provides is not kind:name");
                if (kind == "command")
                    manifest.customCommands.push_back(name);
                else if (kind == "post-save")
                    manifest.postSaveCommands.push_back(name);
                else if (kind == "after-commit")
                    manifest.afterCommitCommands.push_back(name);
                else if (kind == "validator")
                    manifest.validators.push_back(name);
                else if (kind == "rights")
                    manifest.rightsModifiers.push_back(name);
                else
                    bad("\"" + std::string(kind) +
                        "\" in provides is not one of command, post-save, after-commit, validator, rights");
            }
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
