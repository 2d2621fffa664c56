// Lists and inspects userservice plugins, until the usersvc tool takes this over.
//
//   usage: userservice_plugins inspect FILE...   the manifests, read without loading,
//                                                and whether this host would load them
//          userservice_plugins load DIR          loads every plugin in DIR and lists
//                                                what each registered, and what failed
//
// Exit status: 0 when everything inspected or loaded, 1 when something did not,
// 2 on a usage error.
#include <userservice/plugin_registry.hpp>

#include <iostream>

namespace {

using namespace userservice;

void printList(const char* label, const std::vector<std::string>& names)
{
    if (names.empty())
        return;
    std::cout << "  " << label << ":";
    for (const auto& name : names)
        std::cout << " " << name;
    std::cout << "\n";
}

void printManifest(const PluginManifest& manifest)
{
    std::cout << manifest.name << " " << manifest.version << " (plugin API " << manifest.apiMajor << "."
              << manifest.apiMinor << ", built as " << manifest.fingerprint << ")\n"
              << "  file: " << manifest.path << "\n";
    printList("custom commands", manifest.customCommands);
    printList("post-save commands", manifest.postSaveCommands);
    printList("validators", manifest.validators);
    printList("rights modifiers", manifest.rightsModifiers);
}

void printError(const PluginError& error)
{
    std::cerr << "error: " << toString(error.kind) << ": " << error.message;
    if (!error.loaderText.empty())
        std::cerr << " [" << error.loaderText << "]";
    std::cerr << "\n";
}

} // namespace

int main(int argc, char** argv)
{
    const std::string command = argc > 1 ? argv[1] : "";
    if (argc < 3 || (command != "inspect" && command != "load")) {
        std::cerr << "usage: userservice_plugins inspect FILE... | load DIR\n";
        return 2;
    }
    std::cout << "host: plugin API " << PluginRegistry::apiMajor() << "." << PluginRegistry::apiMinor() << ", built as "
              << PluginRegistry::fingerprint() << "\n";
    int failures = 0;
    if (command == "inspect") {
        for (int i = 2; i < argc; ++i) {
            const auto manifest = PluginRegistry::tryInspect(argv[i]);
            if (!manifest) {
                printError(manifest.error()), ++failures;
                continue;
            }
            printManifest(*manifest);
            if (const auto compatible = PluginRegistry::checkCompatible(*manifest))
                std::cout << "  loads into this host\n";
            else
                printError(compatible.error()), ++failures;
        }
    } else {
        PluginRegistry registry;
        const auto result = registry.loadDirectory(argv[2]);
        for (const auto& manifest : result.loaded)
            printManifest(manifest);
        for (const auto& error : result.failed)
            printError(error), ++failures;
        std::cout << result.loaded.size() << " loaded, " << result.failed.size() << " not\n";
    }
    return failures == 0 ? 0 : 1;
}
