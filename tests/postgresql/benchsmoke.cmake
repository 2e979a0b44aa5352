# SPDX-License-Identifier: MIT
# Given the benchmark on the test cluster at 200 users, one run and no warm-up,
# when it runs every contender (ORM, hand-written libpq, SQLAlchemy with psycopg2) and the
# memory children in a database of its own,
# then it exits 0 (it exits 3 when a contender read or wrote other rows than the others),
# says so, and its last line is the JSON object with every workload and contender.
file(STRINGS "${STATE}" lines)
list(GET lines 1 url)
execute_process(COMMAND psql "${url}" -qAt -c "DROP DATABASE IF EXISTS rowsmith_bench"
                        -c "CREATE DATABASE rowsmith_bench"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot make the benchmark's database: ${err}")
endif()
string(REPLACE "/rowsmith_test?" "/rowsmith_bench?" url "${url}")
include(${CMAKE_CURRENT_LIST_DIR}/../bench/benchoutput.cmake)
execute_process(COMMAND ${BENCH} --engine postgresql --url "${url}" --rows 200 --runs 1
                        --warmup 0 --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
rowsmith_check_bench_output("${rc}" "${out}" "${err}" "orm;raw;sqlalchemy")
string(JSON engine GET "${json}" engine)
if(NOT engine STREQUAL "postgresql")
    message(FATAL_ERROR "not measured on the server: ${json}")
endif()
message(STATUS "rowsmith-bench smoke test on PostgreSQL passed: ${json}")
