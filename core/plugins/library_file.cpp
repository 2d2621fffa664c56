// Reading the manifest section of a plugin file with libelf, without loading it;
// telling apart a file that is no shared library, one that is cut short or damaged,
// and a shared library without a manifest.
#include "manifest.hpp"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>

namespace userservice::detail {
namespace {

/// libelf's text for its last error, if there was one.
std::string elfError()
{
    const int error = elf_errno();
    return error == 0 ? std::string() : elf_errmsg(error);
}

/// An open plugin file, its size, and libelf's view of it.
class ElfFile {
public:
    explicit ElfFile(const std::filesystem::path& file)
        : path_(file.string())
    {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
            fail(PluginErrorKind::FileNotFound, "no such plugin file");
        fd_.fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat status { };
        if (fd_.fd < 0 || ::fstat(fd_.fd, &status) != 0)
            fail(PluginErrorKind::FileNotFound, "the file cannot be opened", std::strerror(errno));
        size_ = static_cast<std::uint64_t>(status.st_size);
        checkMagic();
        if (elf_version(EV_CURRENT) == EV_NONE)
            fail(PluginErrorKind::NotASharedLibrary, "libelf cannot be initialised", elfError());
        elf_.reset(elf_begin(fd_.fd, ELF_C_READ, nullptr));
    }

    [[noreturn]] void fail(PluginErrorKind kind, std::string message, std::string loaderText = {}) const
    {
        failPlugin(kind, path_, {}, std::move(message), std::move(loaderText));
    }
    [[noreturn]] void damaged(const std::string& what, std::string loaderText = {}) const
    {
        fail(PluginErrorKind::DamagedLibrary,
            "a truncated or damaged shared library: " + what + " (the file has " + std::to_string(size_) + " bytes)",
            std::move(loaderText));
    }

    /// A shared library of this platform, whole: its headers and sections lie inside the file.
    GElf_Ehdr checkedHeader() const
    {
        GElf_Ehdr header;
        if (!elf_ || elf_kind(elf_.get()) != ELF_K_ELF || !gelf_getehdr(elf_.get(), &header))
            damaged("its ELF header cannot be read", elfError());
        if (header.e_type != ET_DYN)
            fail(PluginErrorKind::NotASharedLibrary,
                "an ELF file, but not a shared library (ELF type " + std::to_string(header.e_type) + ")");
        fits("its program headers", header.e_phoff, std::uint64_t { header.e_phnum } * header.e_phentsize);
        // e_shnum is 0 with more than 0xff00 sections: their count is in the first header, which must fit too.
        fits("its section headers", header.e_shoff,
            std::uint64_t { header.e_shnum == 0 && header.e_shoff != 0 ? 1u : header.e_shnum } * header.e_shentsize);
        for (std::size_t i = 0; i < header.e_phnum; ++i) {
            GElf_Phdr segment;
            if (!gelf_getphdr(elf_.get(), static_cast<int>(i), &segment))
                damaged("its program header " + std::to_string(i) + " cannot be read", elfError());
            fits("its segment " + std::to_string(i), segment.p_offset, segment.p_filesz);
        }
        return header;
    }

    /// The manifest section's text; NotAPlugin when there is none.
    std::string manifest() const
    {
        std::size_t namesIndex = 0;
        if (elf_getshdrstrndx(elf_.get(), &namesIndex) != 0)
            damaged("its section names cannot be read", elfError());
        for (Elf_Scn* section = elf_nextscn(elf_.get(), nullptr); section; section = elf_nextscn(elf_.get(), section)) {
            GElf_Shdr sectionHeader;
            if (!gelf_getshdr(section, &sectionHeader))
                damaged("a section header cannot be read", elfError());
            if (sectionHeader.sh_type != SHT_NOBITS)
                fits("a section", sectionHeader.sh_offset, sectionHeader.sh_size);
            const char* name = elf_strptr(elf_.get(), namesIndex, sectionHeader.sh_name);
            if (!name || std::string_view(name) != USERSERVICE_PLUGIN_SECTION)
                continue;
            Elf_Data* data = elf_getdata(section, nullptr);
            if (!data || !data->d_buf)
                damaged("its manifest section cannot be read", elfError());
            const auto* bytes = static_cast<const char*>(data->d_buf);
            // The section holds the NUL-terminated manifest text (and nothing else).
            return std::string(bytes, strnlen(bytes, data->d_size));
        }
        fail(PluginErrorKind::NotAPlugin,
            "a shared library without a userservice plugin manifest (section " USERSERVICE_PLUGIN_SECTION ")");
    }

private:
    /// A text file named x.so is no shared library (not even a broken one).
    void checkMagic() const
    {
        char magic[SELFMAG] = {};
        const auto got = ::pread(fd_.fd, magic, SELFMAG, 0);
        if (got != SELFMAG || std::memcmp(magic, ELFMAG, SELFMAG) != 0)
            fail(PluginErrorKind::NotASharedLibrary, "not an ELF file, so not a shared library of this platform");
    }

    void fits(const std::string& what, std::uint64_t offset, std::uint64_t length) const
    {
        if (offset > size_ || length > size_ - offset)
            damaged(what + " end at byte " + std::to_string(offset + length) + ", past the end of the file");
    }

    struct Descriptor {
        int fd = -1;
        Descriptor() = default;
        Descriptor(const Descriptor&) = delete;
        Descriptor& operator=(const Descriptor&) = delete;
        ~Descriptor()
        {
            if (fd >= 0)
                ::close(fd);
        }
    };

    std::string path_;
    Descriptor fd_; // closed after elf_ is ended (members go in reverse order)
    std::uint64_t size_ = 0;
    std::unique_ptr<Elf, decltype(&elf_end)> elf_ { nullptr, &elf_end };
};

} // namespace

std::string readManifestSection(const std::filesystem::path& file)
{
    const ElfFile elf(file);
    elf.checkedHeader();
    return elf.manifest();
}

} // namespace userservice::detail
