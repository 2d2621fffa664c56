// Which file the database path named when the store opened it, so that a file
// deleted or replaced under a running service is noticed before anything is
// written into a file that no restart will see again.
#pragma once

#include <sys/types.h>

#include <string>

namespace userservice::store::sqlite {

class FileIdentity {
public:
    /// Remembers the device and inode that `path` names now; an in-memory database
    /// (":memory:" or no path) has none, and check() always passes.
    explicit FileIdentity(std::string path);

    /// One stat() of the path, compared with what it named at open.
    /// @throws Exception (Unavailable) when it names another file or none.
    void check() const;

private:
    std::string path_;
    dev_t device_ = 0;
    ino_t inode_ = 0;
    bool known_ = false;
};

} // namespace userservice::store::sqlite
