# SPDX-License-Identifier: MIT
# Fails when a layer reaches the wrong way: orm including GUI modules, ui writing SQL.
file(GLOB_RECURSE orm_sources "${SOURCE_DIR}/orm/*.h" "${SOURCE_DIR}/orm/*.cpp")
foreach(f IN LISTS orm_sources)
    file(STRINGS "${f}" hits REGEX "#include <(Qt(Widgets|Gui)/)?Q(Widget|Application|Abstract(Item|Table)View|Painter|Color|Icon|Font)")
    if(hits)
        message(FATAL_ERROR "orm must not include GUI headers: ${f}: ${hits}")
    endif()
endforeach()
file(GLOB_RECURSE ui_sources "${SOURCE_DIR}/ui/*.h" "${SOURCE_DIR}/ui/*.cpp")
foreach(f IN LISTS ui_sources)
    file(STRINGS "${f}" hits REGEX "\"[ ]*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA) ")
    if(hits)
        message(FATAL_ERROR "ui must not write SQL: ${f}: ${hits}")
    endif()
    file(STRINGS "${f}" hits REGEX "#include <(QtSql/)?QSql|sqlite3\\.h")
    if(hits)
        message(FATAL_ERROR "ui must not use the database directly: ${f}: ${hits}")
    endif()
endforeach()
# orm's folders are layers: a file includes only its own folder and those below it, so that no
# subsystem depends on one that depends on it. drivers/* and mapping share a level and do not
# include each other.
set(orm_levels sql engine "drivers/sqlite|drivers/postgresql|mapping" "drivers|io|console" session query
    relationships migrations)
function(orm_level folder out)
    set(level 0)
    foreach(group IN LISTS orm_levels)
        if(folder MATCHES "^(${group})$")
            set(${out} ${level} PARENT_SCOPE)
            return()
        endif()
        math(EXPR level "${level} + 1")
    endforeach()
    message(FATAL_ERROR "orm folder without a layer: ${folder} (add it to tests/layering.cmake)")
endfunction()
foreach(f IN LISTS orm_sources)
    file(RELATIVE_PATH rel "${SOURCE_DIR}/orm" "${f}")
    get_filename_component(folder "${rel}" DIRECTORY)
    if(folder STREQUAL "")
        message(FATAL_ERROR "orm files live in a subsystem's folder: ${rel}")
    endif()
    orm_level("${folder}" own)
    file(STRINGS "${f}" includes REGEX "^#include \"orm/.*/[^/]*\\.h\"")
    foreach(line IN LISTS includes)
        string(REGEX REPLACE "^#include \"orm/(.*)/[^/]*\\.h\".*" "\\1" target "${line}")
        if(target STREQUAL folder)
            continue()
        endif()
        # The session and what builds on it know no engine: drivers come in through
        # orm::Connection and orm::Dialect only.
        if(target MATCHES "^drivers" AND folder MATCHES "^(mapping|session|query|relationships)$")
            message(FATAL_ERROR "orm/${folder} must not include a driver: ${rel}: ${line}")
        endif()
        orm_level("${target}" other)
        if(NOT other LESS own)
            message(FATAL_ERROR "orm/${folder} must not include orm/${target}: ${rel}: ${line}")
        endif()
    endforeach()
endforeach()
# No call circle either: a class's members are defined in the folder that declares it, so that
# code in a lower folder never reaches, through its own classes' members, a body that lives in a
# folder above (as the session once did through relationship code). A class name declared in
# several folders (orm::Connection and orm::postgresql::Connection) may be defined in any of
# them.
cmake_policy(SET CMP0057 NEW) # if(IN_LIST), in script mode
set(declared_names "")
foreach(f IN LISTS orm_sources)
    if(NOT f MATCHES "\\.h$")
        continue()
    endif()
    file(RELATIVE_PATH rel "${SOURCE_DIR}/orm" "${f}")
    get_filename_component(folder "${rel}" DIRECTORY)
    file(STRINGS "${f}" decls REGEX "^(class|struct) +([A-Z_]+ +)?[A-Z][A-Za-z0-9_]*( final)?( *:.*)?$")
    foreach(d IN LISTS decls)
        string(REGEX REPLACE "^(class|struct) +([A-Z_]+ +)?([A-Z][A-Za-z0-9_]*).*" "\\3" name "${d}")
        list(APPEND declared_in_${name} "${folder}")
        list(APPEND declared_names "${name}")
    endforeach()
endforeach()
list(REMOVE_DUPLICATES declared_names)
string(JOIN "|" declared_alternatives ${declared_names})
# Defined elsewhere on purpose, each for the reason docs/ARCHITECTURE.md gives ("Calls"): the
# session's query entry points return a QueryBase, complete only in query/, and the session
# itself never calls them; the rest are the engine seam's implementations in the drivers and
# the DDL of sql's MetaData run on an engine connection.
set(member_definitions_elsewhere
    query/query.cpp:Session query/rowquery.h:Session
    drivers/drivers.cpp:Connection drivers/sqlite/sqliteconnection.cpp:Statement
    drivers/sqlite/sqliteconsole.cpp:ConsoleDriver drivers/postgresql/pgconsole.cpp:ConsoleDriver
    engine/metadataddl.cpp:MetaData mapping/mapper.h:MetaData)
set(definition_regex "^([A-Za-z].*[ &*])?(${declared_alternatives})::~?[A-Za-z_][A-Za-z0-9_]*\\(")
foreach(f IN LISTS orm_sources)
    file(RELATIVE_PATH rel "${SOURCE_DIR}/orm" "${f}")
    get_filename_component(folder "${rel}" DIRECTORY)
    file(STRINGS "${f}" definitions REGEX "${definition_regex}")
    foreach(line IN LISTS definitions)
        string(REGEX REPLACE "${definition_regex}.*" "\\2" name "${line}")
        if(folder IN_LIST declared_in_${name} OR "${rel}:${name}" IN_LIST member_definitions_elsewhere)
            continue()
        endif()
        message(FATAL_ERROR "orm/${folder} defines a member of ${name}, declared in orm/"
            "${declared_in_${name}}: ${rel}: ${line}")
    endforeach()
endforeach()
message(STATUS "layering ok")
