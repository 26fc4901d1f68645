# Warnings as errors on our own code only (third-party headers come in as system headers).
set(PARLOIR_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough -Werror)
function(parloir_set_warnings target)
  target_compile_options(${target} PRIVATE ${PARLOIR_WARNINGS})
endfunction()
