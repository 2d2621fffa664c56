// What is registered, as the registry publishes it: each owner's registrations and
// the names they claim, in immutable snapshots; and the registrar that a plugin (or
// the host) registers on, which checks every name before anything is committed.
#pragma once

#include "owner.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace userservice::detail {

using PostSaveEntry = Entry<plugin::PostSaveCommandFn>;
using ValidatorEntry = Entry<plugin::ValidatorFn>;
using ModifierEntry = Entry<RightsModifier>;

/// What one owner registers, collected before it is committed all at once.
struct Registrations {
    std::vector<std::shared_ptr<const CustomCommandHandle::Entry>> commands;
    std::vector<std::shared_ptr<const PostSaveEntry>> postSave;
    std::vector<std::shared_ptr<const PostSaveEntry>> afterCommit;
    std::map<std::pair<std::string, std::string>, std::string> texts; ///< (key, language) -> text
    std::vector<std::shared_ptr<const ValidatorEntry>> validators;
    std::vector<std::shared_ptr<const ModifierEntry>> modifiers;
    std::vector<std::pair<std::string, std::string>> functionalRights; ///< (name, description)

    /// Appends another batch of the same owner's (the host registering more).
    void append(Registrations more);
};

/// An owner (declared first, so destroyed last: its code stays mapped until its
/// registrations are gone) with what it registered.
struct Loaded {
    std::shared_ptr<Owner> owner;
    Registrations registrations;
};

/// What is registered, published whole: readers copy the current snapshot's pointer
/// and work on it, so a lookup never waits for (or holds up) a load or an unload.
struct State {
    std::vector<Loaded> owners; ///< in load order; the host's first
    std::map<std::string, std::string> commandOwners, postSaveOwners, afterCommitOwners, validatorOwners,
        modifierOwners, textOwners, functionalRightOwners;
    std::map<std::pair<std::string, std::string>, std::string, std::less<>> texts;

    const Loaded* find(const std::string& ownerName) const;
    /// Adds an owner's registrations (to its earlier ones, for the host).
    void add(const std::shared_ptr<Owner>& owner, Registrations registrations);
    /// Removes an owner and everything it registered.
    void remove(const Loaded& loaded);
};

/// The registrar a plugin registers on: checks each name as it comes (declarable in
/// a manifest, not taken), and collects the registrations in `out`.
class Staging final : public plugin::Registrar {
public:
    Staging(const State& registered, std::shared_ptr<Owner> owner);

    void customCommand(plugin::CustomCommandSpec spec, plugin::CustomCommandFn run) override;
    void postSaveCommand(std::string name, plugin::PostSaveCommandFn run) override;
    void afterCommitCommand(std::string name, plugin::PostSaveCommandFn run) override;
    void validator(std::string name, plugin::ValidatorFn check) override;
    void rightsModifier(std::string name, RightsModifier modify) override;
    void text(std::string key, std::string language, std::string text) override;
    void neverUnload() override;
    void functionalRight(std::string name, std::string description) override;

    Registrations out;

private:
    /// A name no manifest can declare, or one the registry or this owner has already:
    /// the whole registration fails.
    void claim(const char* kind, const std::string& name, const std::map<std::string, std::string>& taken);
    void checkTaken(const char* kind, const std::string& name, const std::map<std::string, std::string>& taken);

    const State& registered_;
    std::shared_ptr<Owner> owner_;
    std::set<std::string> claimed_;
};

/// The registrations are exactly what the owner's manifest declares (ManifestMismatch otherwise).
void checkProvides(const Owner& owner, const Registrations& done);

} // namespace userservice::detail
