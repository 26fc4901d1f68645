#include "api/poll_params.h"

#include <charconv>

namespace parloir::api {

util::Result<std::optional<services::PollInput>> poll_from_params(const http::Request& req) {
  auto options = req.param_all("poll[options]");
  if (options.empty()) options = req.param_all("poll[options][]");
  if (options.empty()) {
    if (req.param("poll[expires_in]"))
      return util::fail(util::ErrorCode::unprocessable, "Validation failed: Poll options must have more than one item");
    return std::optional<services::PollInput>{};
  }
  services::PollInput poll;
  for (auto o : options) poll.options.emplace_back(o);
  auto expires = req.param("poll[expires_in]");
  if (!expires || expires->empty())
    return util::fail(util::ErrorCode::unprocessable, "Validation failed: Poll expires in can't be blank");
  std::string_view text = *expires;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), poll.expires_in);
  if (ec != std::errc() || end != text.data() + text.size())
    return util::fail(util::ErrorCode::unprocessable, "Validation failed: Poll expires in is not a number");
  bool bad = false;
  poll.multiple = req.param_bool("poll[multiple]", &bad).value_or(false);
  poll.hide_totals = req.param_bool("poll[hide_totals]", &bad).value_or(false);
  if (bad) return util::fail(util::ErrorCode::unprocessable, "Validation failed: Poll multiple/hide_totals must be true or false");
  return std::optional<services::PollInput>(std::move(poll));
}

}  // namespace parloir::api
