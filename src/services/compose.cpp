#include "services/compose.h"

#include "core/ids.h"
#include "text/length.h"
#include "text/render.h"

namespace parloir::services {

namespace {

text::RenderContext context_for(store::Tx& tx, const Deps& deps) {
  text::RenderContext ctx;
  ctx.base_url = deps.settings.base_url;
  ctx.local_domain = deps.settings.domain;
  ctx.resolve_mention = [&tx, &deps](std::string_view username,
                                     std::string_view domain) -> std::optional<text::MentionTarget> {
    auto found = tx.accounts().find_by_username(std::string(username), std::string(domain));
    if (!found || !*found || (*found)->suspended()) return std::nullopt;
    const core::Account& a = **found;
    std::string url = a.is_local() || a.url.empty() ? deps.settings.base_url + "/@" + a.username : a.url;
    return text::MentionTarget{core::id_string(a.id), a.username, a.domain, url};
  };
  return ctx;
}

}  // namespace

ComposedText compose_text(store::Tx& tx, const Deps& deps, const std::string& input) {
  auto rendered = text::render_status_html(input, context_for(tx, deps));
  ComposedText out;
  out.html = std::move(rendered.html);
  for (const auto& m : rendered.mentions)
    if (auto id = core::parse_id(m.id)) out.mentioned_account_ids.push_back(*id);
  out.tags = std::move(rendered.tags);
  return out;
}

std::string render_field_value(const std::string& value) {
  text::RenderContext ctx;  // profile fields link URLs only
  return text::render_field_value_html(value, ctx).html;
}

std::size_t status_length(const std::string& input, const std::string& spoiler_text) {
  return text::status_length(input, spoiler_text);
}

}  // namespace parloir::services
