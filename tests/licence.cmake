# SPDX-License-Identifier: MIT
# Fails when a source file does not carry the project's SPDX licence line near its top.
file(GLOB_RECURSE sources
     "${SOURCE_DIR}/orm/*.h" "${SOURCE_DIR}/orm/*.cpp" "${SOURCE_DIR}/ui/*.h"
     "${SOURCE_DIR}/ui/*.cpp" "${SOURCE_DIR}/app/*.h" "${SOURCE_DIR}/app/*.cpp"
     "${SOURCE_DIR}/domain/*.h" "${SOURCE_DIR}/domain/*.cpp" "${SOURCE_DIR}/bench/*.h"
     "${SOURCE_DIR}/bench/*.cpp" "${SOURCE_DIR}/bench/*.py" "${SOURCE_DIR}/tests/*.h"
     "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.py" "${SOURCE_DIR}/tests/*.sh"
     "${SOURCE_DIR}/tests/*.cmake" "${SOURCE_DIR}/*CMakeLists.txt")
list(FILTER sources EXCLUDE REGEX "/build[^/]*/")
set(missing "")
foreach(f IN LISTS sources)
    file(STRINGS "${f}" head LIMIT_COUNT 3)
    if(NOT head MATCHES "SPDX-License-Identifier: MIT")
        string(APPEND missing "\n  ${f}")
    endif()
endforeach()
if(missing)
    message(FATAL_ERROR "Add '// SPDX-License-Identifier: MIT' (or '# ...') as the first line "
                        "(after a #! line) of:${missing}")
endif()
message(STATUS "licence lines ok")
