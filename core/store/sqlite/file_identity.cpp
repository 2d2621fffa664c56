#include "file_identity.hpp"

#include <userservice/error.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace userservice::store::sqlite {

FileIdentity::FileIdentity(std::string path)
    : path_(std::move(path))
{
    struct stat status { };
    if (path_.empty() || path_ == ":memory:" || ::stat(path_.c_str(), &status) != 0)
        return;
    device_ = status.st_dev;
    inode_ = status.st_ino;
    known_ = true;
}

void FileIdentity::check() const
{
    if (!known_)
        return;
    struct stat status { };
    const bool present = ::stat(path_.c_str(), &status) == 0;
    if (present && status.st_dev == device_ && status.st_ino == inode_)
        return;
    const std::string what = present ? "was replaced by another file"
        : errno == ENOENT            ? "was deleted"
                                     : std::string("cannot be checked (") + std::strerror(errno) + ")";
    throw Exception(Error(ErrorKind::Unavailable,
        "the database file " + path_ + " " + what +
            " while the service ran; it refuses to go on in a file that a restart would not see: restore the "
            "file or restart the service (until then, /proc/<pid>/fd of this process still holds the old one)",
        {}, "database"));
}

} // namespace userservice::store::sqlite
