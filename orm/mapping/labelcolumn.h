// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"

namespace orm {

// The column people recognise a row of the entity by, when the mapping names none
// (EntityMeta::finalize() asks): -1 when no column fits. Deterministic, from the names, types
// and constraints alone (no data is read):
//  1. a column with one of these names, in this order: display_name, full_name, name,
//     username, login; a person's last_name, surname, family_name, first_name, given_name;
//     then title, label, caption, subject, email, email_address (case, '_', '-' and spaces
//     ignored: "FullName", "full name" and "FULL_NAME" are full_name);
//  2. else the first column, in table order, with "name" or "title" as one of its words
//     (company_name, ProductName, book_title);
//  3. else the first unique column (alone unique, the primary key included).
// Only text columns (or columns without a declared type) qualify; never a column of a foreign
// key, nor one whose words say it is a secret (password, hash, token, salt, secret, digest).
// So a book is labelled by its title and not by its unique ISBN, a person by their name before
// their e-mail address. Not supported: labels made of several columns ("first last").
int chooseLabelColumn(const EntityMeta &meta);

} // namespace orm
