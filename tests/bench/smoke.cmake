# SPDX-License-Identifier: MIT
# Given the benchmark at 200 users, one run and no warm-up,
# when it runs every contender (ORM, sqlite3 C API, QSqlQuery) and the memory children,
# then it exits 0 (it exits 3 when a contender read or wrote other rows than the others),
# says so, and its last line is the JSON object with every workload and contender.
include(${CMAKE_CURRENT_LIST_DIR}/benchoutput.cmake)
execute_process(COMMAND ${BENCH} --rows 200 --runs 1 --warmup 0 --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
rowsmith_check_bench_output("${rc}" "${out}" "${err}" "orm;raw;qtsql")
string(JSON rows GET "${json}" rows)
if(NOT rows EQUAL 200)
    message(FATAL_ERROR "unexpected rows in ${json}")
endif()
message(STATUS "rowsmith-bench smoke test passed: ${json}")
