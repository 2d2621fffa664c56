// Files for tests: the data under tests/data (whose path the build hands over),
// temporary directories, and whole files as bytes.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

inline std::string readTestData(const std::string& relativePath)
{
    const auto path = (std::filesystem::path(USERSERVICE_TEST_DATA) / relativePath).string();
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read test data " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The bytes of a file; empty when it does not exist.
inline std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

/// A fresh temporary directory, removed with everything in it.
struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        static std::atomic<int> counter { 0 };
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        path = std::filesystem::temp_directory_path() /
            ("userservice-" + std::string(test ? test->name() : "test") + "-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    TempDir(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};
