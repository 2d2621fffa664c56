#include "registrations.hpp"

#include <algorithm>

namespace userservice::detail {
namespace {

template <class T> void appendAll(std::vector<T>& to, std::vector<T>& from)
{
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

/// A custom command's name is in its spec; every other entry has its own.
template <class E> const std::string& entryName(const E& entry)
{
    if constexpr (requires { entry->spec; })
        return entry->spec.name;
    else
        return entry->name;
}

std::string textName(const std::pair<std::string, std::string>& key)
{
    return key.first + " (" + key.second + ")";
}

/// Sets (or, with `owner` null, erases) the owner of every name of `entries` in `owners`.
template <class Entries>
void markOwner(std::map<std::string, std::string>& owners, const Entries& entries, const std::string* owner)
{
    for (const auto& entry : entries) {
        if (owner)
            owners[entryName(entry)] = *owner;
        else
            owners.erase(entryName(entry));
    }
}

/// Marks (or unmarks) every name of one owner's registrations.
void markAll(State& state, const Registrations& registrations, const std::string* owner)
{
    markOwner(state.commandOwners, registrations.commands, owner);
    markOwner(state.postSaveOwners, registrations.postSave, owner);
    markOwner(state.afterCommitOwners, registrations.afterCommit, owner);
    markOwner(state.validatorOwners, registrations.validators, owner);
    markOwner(state.modifierOwners, registrations.modifiers, owner);
    for (const auto& right : registrations.functionalRights)
        if (owner)
            state.functionalRightOwners[right.first] = *owner;
        else
            state.functionalRightOwners.erase(right.first);
    for (const auto& [key, text] : registrations.texts) {
        if (owner) {
            state.textOwners[textName(key)] = *owner;
            state.texts[key] = text;
        } else {
            state.textOwners.erase(textName(key));
            state.texts.erase(key);
        }
    }
}

} // namespace

void Registrations::append(Registrations more)
{
    appendAll(commands, more.commands);
    appendAll(postSave, more.postSave);
    appendAll(afterCommit, more.afterCommit);
    texts.merge(more.texts);
    appendAll(validators, more.validators);
    appendAll(modifiers, more.modifiers);
    appendAll(functionalRights, more.functionalRights);
}

const Loaded* State::find(const std::string& ownerName) const
{
    for (const auto& loaded : owners)
        if (loaded.owner->name == ownerName)
            return &loaded;
    return nullptr;
}

void State::add(const std::shared_ptr<Owner>& owner, Registrations registrations)
{
    markAll(*this, registrations, &owner->name);
    for (auto& loaded : owners)
        if (loaded.owner == owner) { // the host, registering more
            loaded.registrations.append(std::move(registrations));
            return;
        }
    if (owner->name == "host")
        owners.insert(owners.begin(), { owner, std::move(registrations) });
    else
        owners.push_back({ owner, std::move(registrations) });
}

void State::remove(const Loaded& loaded)
{
    markAll(*this, loaded.registrations, nullptr);
    const std::shared_ptr<Owner> owner = loaded.owner; // `loaded` is one of `owners`: erased below
    std::erase_if(owners, [&](const Loaded& other) { return other.owner == owner; });
}

// ---------------------------------------------------------------- the registrar

Staging::Staging(const State& registered, std::shared_ptr<Owner> owner)
    : registered_(registered)
    , owner_(std::move(owner))
{
}

void Staging::customCommand(plugin::CustomCommandSpec spec, plugin::CustomCommandFn run)
{
    claim("custom command", spec.name, registered_.commandOwners);
    out.commands.push_back(std::make_shared<CustomCommandHandle::Entry>(
        CustomCommandHandle::Entry { owner_, std::move(spec), std::move(run) }));
}

void Staging::postSaveCommand(std::string name, plugin::PostSaveCommandFn run)
{
    claim("post-save command", name, registered_.postSaveOwners);
    out.postSave.push_back(std::make_shared<PostSaveEntry>(PostSaveEntry { owner_, std::move(name), std::move(run) }));
}

void Staging::afterCommitCommand(std::string name, plugin::PostSaveCommandFn run)
{
    claim("after-commit command", name, registered_.afterCommitOwners);
    out.afterCommit.push_back(
        std::make_shared<PostSaveEntry>(PostSaveEntry { owner_, std::move(name), std::move(run) }));
}

void Staging::validator(std::string name, plugin::ValidatorFn check)
{
    claim("validator", name, registered_.validatorOwners);
    out.validators.push_back(
        std::make_shared<ValidatorEntry>(ValidatorEntry { owner_, std::move(name), std::move(check) }));
}

void Staging::rightsModifier(std::string name, RightsModifier modify)
{
    claim("rights modifier", name, registered_.modifierOwners);
    out.modifiers.push_back(
        std::make_shared<ModifierEntry>(ModifierEntry { owner_, std::move(name), std::move(modify) }));
}

void Staging::text(std::string key, std::string language, std::string text)
{
    checkTaken("text", textName({ key, language }), registered_.textOwners); // not in a manifest: any key
    out.texts[{ std::move(key), std::move(language) }] = std::move(text);
}

void Staging::neverUnload()
{
    owner_->pinned = true;
}

void Staging::functionalRight(std::string name, std::string description)
{
    std::string problem(functional::nameProblem(name));
    if (problem.empty() && functional::isBuiltIn(name))
        problem = "it is a built-in right";
    if (!problem.empty())
        failPlugin(PluginErrorKind::InvalidName, owner_->path, owner_->name,
            "the functional right name " + quotedName(name) + " of " + owner_->name + " is refused: " + problem);
    checkTaken("functional right", name, registered_.functionalRightOwners); // not in a manifest, like texts
    out.functionalRights.emplace_back(std::move(name), std::move(description));
}

void Staging::claim(const char* kind, const std::string& name, const std::map<std::string, std::string>& taken)
{
    if (const auto problem = undeclarableName(name))
        failPlugin(PluginErrorKind::InvalidName, owner_->path, owner_->name,
            "the " + std::string(kind) + " name " + quotedName(name) + " of " +
                (owner_->name == "host" ? std::string("the host") : "plugin " + owner_->name) +
                " cannot be declared in a plugin manifest: " + *problem);
    checkTaken(kind, name, taken);
}

void Staging::checkTaken(const char* kind, const std::string& name, const std::map<std::string, std::string>& taken)
{
    std::string other;
    if (const auto found = taken.find(name); found != taken.end())
        other = found->second;
    else if (!claimed_.insert(std::string(kind) + ":" + name).second)
        other = owner_->name;
    if (!other.empty())
        failPlugin(PluginErrorKind::DuplicateName, owner_->path, owner_->name,
            "the " + std::string(kind) + " \"" + name + "\" of " + owner_->name + " is registered already by " + other);
}

// ---------------------------------------------------------------- the manifest's promise

namespace {

template <class Entries> std::vector<std::string> sortedNames(const Entries& entries)
{
    std::vector<std::string> out;
    for (const auto& entry : entries)
        out.push_back(entryName(entry));
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& list)
{
    std::string text;
    for (const auto& name : list)
        text += (text.empty() ? "" : ", ") + quotedName(name);
    return text.empty() ? std::string("none") : text;
}

void compare(const Owner& owner, const char* kind, std::vector<std::string> declared, std::vector<std::string> made)
{
    std::sort(declared.begin(), declared.end());
    if (declared == made)
        return;
    failPlugin(PluginErrorKind::ManifestMismatch, owner.path, owner.name,
        "plugin " + owner.name + " declares the " + kind + "s " + joined(declared) +
            " in its manifest but registered " + joined(made));
}

} // namespace

void checkProvides(const Owner& owner, const Registrations& done)
{
    compare(owner, "custom command", owner.manifest.customCommands, sortedNames(done.commands));
    compare(owner, "post-save command", owner.manifest.postSaveCommands, sortedNames(done.postSave));
    compare(owner, "after-commit command", owner.manifest.afterCommitCommands, sortedNames(done.afterCommit));
    compare(owner, "validator", owner.manifest.validators, sortedNames(done.validators));
    compare(owner, "rights modifier", owner.manifest.rightsModifiers, sortedNames(done.modifiers));
}

} // namespace userservice::detail
