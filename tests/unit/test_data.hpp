// Reads the files under tests/data, whose path the build hands over.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

inline std::string readTestData(const std::string& relativePath)
{
    const std::string path = std::string(USERSERVICE_TEST_DATA) + "/" + relativePath;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read test data " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
