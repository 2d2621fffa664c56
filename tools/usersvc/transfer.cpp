// usersvc import | export: users as JSON Lines, in batches, with progress on a
// terminal and --resume after an interrupted import.
#include "tool.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <span>

namespace userservice::usersvc {
namespace {

/// An exported user as a new one for another database: the ids and derived fields
/// it carries are that database's business (a save refuses to be sent them).
void asNewUser(User& user)
{
    user.associateId = 0;
    user.isPersonRetired = false;
    if (user.person) {
        user.person->personId = 0;
        user.person->associateId = 0;
        user.person->fullName.reset();
        user.person->associateName.reset();
    }
}

/// Progress on a terminal: one line, redrawn at most ten times a second.
class Progress {
public:
    Progress(bool terminal, std::uintmax_t fileSize)
        : terminal_(terminal)
        , fileSize_(fileSize)
    {
    }

    void show(std::size_t saved, std::size_t bad, std::uintmax_t bytesRead, bool last = false)
    {
        if (!terminal_)
            return;
        const auto now = Clock::now();
        if (!last && now - drawn_ < std::chrono::milliseconds(100))
            return;
        drawn_ = now;
        const int percent = fileSize_ ? static_cast<int>(100 * std::min(bytesRead, fileSize_) / fileSize_) : 100;
        std::cerr << "\r\033[Kimported " << saved << " users, " << bad << " bad lines, " << percent << "% of the file, "
                  << static_cast<long long>(rate(saved)) << " users/s" << std::flush;
        if (last)
            std::cerr << "\n";
    }

    /// Before a message of its own: the progress line is cleared, and drawn again later.
    void clear() const
    {
        if (terminal_)
            std::cerr << "\r\033[K";
    }

    double seconds() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }
    double rate(std::size_t users) const { return seconds() > 0 ? users / seconds() : 0; }

private:
    using Clock = std::chrono::steady_clock;
    bool terminal_;
    std::uintmax_t fileSize_;
    Clock::time_point started_ = Clock::now();
    Clock::time_point drawn_ {};
};

/// Imports JSON Lines in batches (one transaction each). A bad line is reported with
/// its number and reason and left out; the rest of its batch is saved. The number of
/// the last line done is kept in FILE.progress, so that --resume goes on from there.
class Importer {
public:
    Importer(UserService& service, const CallerContext& caller, const std::string& file, std::size_t batchSize)
        : service_(service)
        , caller_(caller)
        , file_(file)
        , batchSize_(batchSize)
        , progress_(::isatty(STDERR_FILENO), std::filesystem::file_size(file, sizeUnknown_))
    {
    }

    int run(std::ifstream& in, bool resume, bool asNew)
    {
        std::size_t skip = 0;
        if (resume)
            std::ifstream(progressFile()) >> skip;
        for (std::string text; !fatal_ && std::getline(in, text);) {
            ++lineNumber_;
            if (lineNumber_ <= skip || text.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            auto user = json::tryParse<User>(text);
            if (!user) {
                badLine(lineNumber_, user.error().message());
                continue;
            }
            if (asNew)
                asNewUser(*user);
            users_.push_back(std::move(*user));
            lines_.push_back(lineNumber_);
            if (users_.size() == batchSize_)
                flush(in);
        }
        if (!fatal_)
            flush(in);
        progress_.show(saved_, bad_, std::filesystem::file_size(file_, sizeUnknown_), true);
        return summary(skip);
    }

private:
    std::string progressFile() const { return file_ + ".progress"; }

    void badLine(std::size_t line, const std::string& why)
    {
        progress_.clear();
        std::cerr << "line " << line << ": " << why << "\n";
        ++bad_;
    }

    /// Saves users[first, first + count). A failing user ("users[i]: …") is reported and
    /// left out; those before it were fine and are saved on their own, then the rest:
    /// every good user is saved at most twice, however many bad ones its batch has.
    void save(std::size_t first, std::size_t count)
    {
        while (count > 0 && !fatal_) {
            const auto result = service_.trySaveUsers(caller_, std::span(users_).subspan(first, count));
            if (result) {
                saved_ += count;
                return;
            }
            const Error error = result.error(); // by value: error() returns a copy
            if (error.source().rfind("users[", 0) != 0) {
                fatal_ = error;
                return;
            }
            const std::size_t item = std::stoul(error.source().substr(6));
            badLine(lines_[first + item], error.message());
            save(first, item);
            first += item + 1;
            count -= item + 1;
        }
    }

    void flush(std::ifstream& in)
    {
        save(0, users_.size());
        users_.clear();
        lines_.clear();
        if (fatal_)
            return; // this batch was not saved: --resume starts it again
        std::ofstream(progressFile()) << lineNumber_;
        progress_.show(saved_, bad_, static_cast<std::uintmax_t>(in.tellg()));
    }

    int summary(std::size_t skip) const
    {
        if (fatal_)
            return report(*fatal_);
        std::cout << "imported " << saved_ << " users from " << file_ << "; " << bad_ << " bad lines";
        if (skip)
            std::cout << "; resumed after line " << skip;
        std::cout << " (" << std::fixed << std::setprecision(1) << progress_.seconds() << " s, "
                  << static_cast<long long>(progress_.rate(saved_)) << " users/s)\n";
        return bad_ == 0 ? 0 : 3;
    }

    UserService& service_;
    const CallerContext& caller_;
    std::string file_;
    std::size_t batchSize_;
    std::error_code sizeUnknown_;
    Progress progress_;
    std::size_t lineNumber_ = 0, saved_ = 0, bad_ = 0;
    std::vector<User> users_; ///< the batch
    std::vector<std::size_t> lines_; ///< their line numbers
    std::optional<Error> fatal_; ///< an error about the import, not about a line
};

struct TransferFlags {
    std::string file, select;
    std::size_t batch = 500;
    bool resume = false, asNew = false;
};

int importUsers(Tool& tool, const TransferFlags& flags)
{
    std::ifstream in(flags.file);
    if (!in)
        return report(Error(ErrorKind::BadRequest, "cannot read " + flags.file, {}, flags.file));
    return Importer(tool.service(), tool.caller(), flags.file, flags.batch).run(in, flags.resume, flags.asNew);
}

/// Writes every user the caller may see as JSON Lines, in AssociateId order, each as
/// `get` prints it; secrets are never in a user as the service returns it.
std::size_t writeUsers(UserService& service, const CallerContext& caller, const Select& select, std::ostream& sink)
{
    constexpr std::size_t page = 1000;
    std::size_t exported = 0;
    std::string text;
    for (std::int32_t after = 0;;) {
        auto users = service.listUsers(caller, after, page); // projected here: pages go by AssociateId
        const std::int32_t lastId = users.empty() ? after : users.back().associateId;
        for (User& user : users) {
            select.apply(user);
            text.clear();
            json::serializeTo(text, user);
            text += '\n';
            sink.write(text.data(), static_cast<std::streamsize>(text.size()));
        }
        exported += users.size();
        if (users.size() < page)
            return exported;
        after = lastId;
    }
}

int exportUsers(Tool& tool, const TransferFlags& flags)
{
    const bool toStdout = flags.file.empty() || flags.file == "-";
    std::ofstream out;
    if (!toStdout) {
        out.open(flags.file, std::ios::binary | std::ios::trunc);
        if (!out)
            return report(Error(ErrorKind::BadRequest, "cannot write " + flags.file, {}, flags.file));
    }
    std::ostream& sink = toStdout ? std::cout : out;
    const auto exported = writeUsers(tool.service(), tool.caller(), Select::parse(flags.select), sink);
    sink.flush();
    if (!sink)
        return report(
            Error(ErrorKind::Internal, "writing " + (toStdout ? std::string("stdout") : flags.file) + " failed"));
    (toStdout ? std::cerr : std::cout) << "exported " << exported << " users" << (toStdout ? "" : " to " + flags.file)
                                       << "\n";
    return 0;
}

} // namespace

void addTransferCommands(CLI::App& app, Subcommands& subcommands)
{
    auto flags = std::make_shared<TransferFlags>();
    auto* import = app.add_subcommand("import", "users from JSON Lines, in batches");
    import->add_option("file", flags->file)->required();
    import->add_option("--batch", flags->batch, "users per transaction")->check(CLI::Range(1, 100000));
    import->add_flag("--resume", flags->resume, "go on after the last line a previous run did");
    import->add_flag("--as-new", flags->asNew,
        "create every line as a new user, ignoring its AssociateId and derived fields (an export from another "
        "database)");
    addAction(subcommands, import, flags, importUsers);
    auto* exportCommand = app.add_subcommand("export", "every user the caller may see, as JSON Lines");
    exportCommand->add_option("file", flags->file, "where to write (default: stdout)");
    exportCommand->add_option("--select", flags->select, "the $select projection");
    addAction(subcommands, exportCommand, flags, exportUsers);
}

} // namespace userservice::usersvc
