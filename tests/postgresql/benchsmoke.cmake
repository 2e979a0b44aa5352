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
execute_process(COMMAND ${BENCH} --engine postgresql --url "${url}" --rows 200 --runs 1
                        --warmup 0 --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "rowsmith-bench failed (${rc}):\n${out}\n${err}")
endif()
if(NOT out MATCHES "Every contender produced the same rows: 200 users, 200 posts")
    message(FATAL_ERROR "rowsmith-bench did not report equal rows:\n${out}")
endif()
string(STRIP "${out}" out)
string(REGEX REPLACE ".*\n" "" json "${out}")
string(JSON engine GET "${json}" engine)
if(NOT engine STREQUAL "postgresql")
    message(FATAL_ERROR "not measured on the server: ${json}")
endif()
foreach(w W1_insert W2_load W3_lookup W4_update W5_eager)
    foreach(c orm raw sqlalchemy)
        string(JSON s GET "${json}" workloads ${w} ${c})
        if(NOT s GREATER 0)
            message(FATAL_ERROR "no time for ${c} in ${w}: ${json}")
        endif()
    endforeach()
endforeach()
foreach(c orm raw)
    string(JSON kib GET "${json}" peak_kib ${c})
    if(NOT kib GREATER 0)
        message(FATAL_ERROR "no peak memory for ${c}: ${json}")
    endif()
endforeach()
message(STATUS "rowsmith-bench smoke test on PostgreSQL passed: ${json}")
