// Credentials on a save: which values are new secrets, their Argon2id hashes
// (computed outside the writer lock, in the service's password slots: slow on
// purpose), and the rows to store.
#include "save_plan.hpp"

#include "../validation.hpp"

#include <algorithm>

namespace userservice {

bool SavePlan::mayHaveSecrets() const
{
    const auto& credentials = sent_.credentials;
    return credentials && std::any_of(credentials->begin(), credentials->end(), [](const Credential& c) {
        return c.value && !c.value->empty();
    });
}

/// Which credentials of the permitted user are of a type that keeps secrets (validated: the types exist).
void SavePlan::lookUpSecretTypes(store::Session& s)
{
    secret_.clear();
    if (!permitted_.credentials)
        return;
    for (const auto& credential : *permitted_.credentials) {
        if (!credential.type || !credential.type->type) {
            secret_.push_back(false);
            continue;
        }
        const auto type = detail::credentialType(s, stored_ ? &*stored_ : nullptr, *credential.type->type);
        secret_.push_back(type && type->canCreatePassword);
    }
}

void SavePlan::hashSecrets()
{
    if (!permitted_.credentials)
        return;
    hashes_.resize(permitted_.credentials->size());
    for (std::size_t i = 0; i < hashes_.size(); ++i) {
        const auto& value = (*permitted_.credentials)[i].value;
        if (secret_[i] && value && !value->empty() && !hashes_[i])
            hashes_[i] = service_.passwordSlots_.hash(*value, service_.options_.passwordHashing);
    }
}

/// Whether the rows to store are the stored ones, credential by credential: the same type
/// and display value, and the same value or, for a secret, no new one. Then neither needs
/// reading. The carriers' own == would see the rights a shown user carries.
bool SavePlan::keepsStoredCredentials() const
{
    if (!stored_ || !permitted_.credentials || !stored_->credentials ||
        permitted_.credentials->size() != stored_->credentials->size() ||
        secret_.size() != permitted_.credentials->size())
        return false;
    for (std::size_t i = 0; i < secret_.size(); ++i) {
        const Credential& now = (*permitted_.credentials)[i];
        const Credential& before = (*stored_->credentials)[i];
        if (!now.type || !before.type || now.type->type != before.type->type || now.displayValue != before.displayValue)
            return false;
        const bool newSecret = i < hashes_.size() && hashes_[i];
        if (secret_[i] ? newSecret || before.value : now.value != before.value)
            return false;
    }
    return true;
}

/// The rows to store: secrets as hashes (new, or the stored one of that type).
std::vector<store::CredentialRow> SavePlan::rowsToStore(std::span<const store::CredentialRow> storedRows) const
{
    std::vector<store::CredentialRow> rows;
    if (!permitted_.credentials)
        return rows;
    for (std::size_t i = 0; i < permitted_.credentials->size(); ++i) {
        const Credential& credential = (*permitted_.credentials)[i];
        store::CredentialRow& row = rows.emplace_back();
        row.type = *credential.type->type; // validated: exists
        row.displayValue = credential.displayValue;
        if (!secret_[i]) {
            row.value = credential.value;
            continue;
        }
        row.secretHash = hashes_[i];
        for (const auto& stored : storedRows)
            if (!row.secretHash && stored.type == row.type)
                row.secretHash = stored.secretHash;
    }
    return rows;
}

/// The secrets the rows set (a new hash) or remove (a stored hash whose type keeps none
/// in the rows); only the credential types, never a value or a hash.
std::vector<plugin::SecretChange> SavePlan::secretChanges(
    std::span<const store::CredentialRow> rows, std::span<const store::CredentialRow> storedRows) const
{
    std::vector<plugin::SecretChange> changes;
    for (std::size_t i = 0; i < hashes_.size() && i < rows.size(); ++i)
        if (hashes_[i])
            changes.push_back({ rows[i].type, secretKind_ });
    for (const auto& stored : storedRows) {
        const bool kept = !stored.secretHash || std::any_of(rows.begin(), rows.end(), [&](const auto& row) {
            return row.type == stored.type && row.secretHash;
        });
        if (!kept)
            changes.push_back({ stored.type, plugin::SecretChangeKind::Removed });
    }
    return changes;
}

} // namespace userservice
