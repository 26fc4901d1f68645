#include "api/html_page.h"

#include <string>

#include "util/strings.h"

namespace parloir::api {

namespace {

const char* kStyle =
    "body{font-family:system-ui,sans-serif;background:#f4f4f8;color:#1c1c28;display:flex;justify-content:center;"
    "padding:3rem 1rem;margin:0}main{background:#fff;border-radius:12px;padding:2rem;max-width:26rem;width:100%;"
    "box-shadow:0 2px 12px rgba(0,0,0,.08)}h1{font-size:1.3rem;margin-top:0}label{display:block;margin:.8rem 0 .3rem;"
    "font-weight:600}input[type=email],input[type=password],input[type=text]{width:100%;padding:.6rem;border:1px solid #bbb;"
    "border-radius:6px;box-sizing:border-box;font-size:1rem}button{margin-top:1.2rem;width:100%;padding:.7rem;"
    "border:0;border-radius:6px;background:#4a3aff;color:#fff;font-size:1rem;font-weight:600;cursor:pointer}"
    ".error{background:#fde8e8;color:#8a1c1c;padding:.6rem;border-radius:6px}ul{padding-left:1.2rem}"
    "code{display:block;word-break:break-all;background:#eef;padding:.8rem;border-radius:6px;font-size:1.05rem}"
    "@media (prefers-color-scheme:dark){body{background:#15151d;color:#e8e8f0}main{background:#22222e}"
    "input[type=email],input[type=password],input[type=text]{background:#15151d;color:#e8e8f0;border-color:#555}"
    "code{background:#33334a}}";

}  // namespace

http::Response page(const Env& env, const std::string& title, const std::string& body, unsigned status,
                    std::string_view lang) {
  using util::html_escape;
  std::string html = "<!DOCTYPE html><html lang=\"" + html_escape(lang) + "\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
                     html_escape(title) + " - " + html_escape(instance_title(env)) + "</title><style>" + kStyle +
                     "</style></head><body><main>" + body + "</main></body></html>";
  http::Response r = http::Response::html(std::move(html), status);
  r.with_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  r.with_header("X-Frame-Options", "DENY");
  r.with_header("Cache-Control", "no-store");
  r.with_header("Referrer-Policy", "no-referrer");
  return r;
}

bool prefers_french(const http::Request& req) {
  // Accept-Language: "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5": the best-weighted of fr / en wins,
  // the first listed on a tie; neither listed -> English.
  double best_fr = -1, best_en = -1;
  int pos = 0, pos_fr = 0, pos_en = 0;
  for (const auto& item : util::split(req.header("Accept-Language"), ',')) {
    ++pos;
    std::string_view part = util::trim(item);
    auto semi = part.find(';');
    std::string tag = util::to_lower(util::trim(part.substr(0, semi)));
    double q = 1.0;
    if (semi != std::string_view::npos) {
      auto qpos = part.find("q=", semi);
      if (qpos != std::string_view::npos) {
        try {
          q = std::stod(std::string(part.substr(qpos + 2)));
        } catch (...) {
          q = 0;
        }
      }
    }
    std::string primary = tag.substr(0, tag.find('-'));
    if (primary == "fr" && q > best_fr) {
      best_fr = q;
      pos_fr = pos;
    }
    if (primary == "en" && q > best_en) {
      best_en = q;
      pos_en = pos;
    }
  }
  if (best_fr <= 0) return false;
  if (best_fr != best_en) return best_fr > best_en;
  return pos_fr < pos_en;
}

}  // namespace parloir::api
