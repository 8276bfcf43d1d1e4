/* Dateline's comments on a page of another site. Put where the comments go:
 *
 *   <iframe data-dateline-comments title="Comments" style="width: 100%; height: 40rem; border: 0"
 *     src="https://NEWS.EXAMPLE/embed/SERVICE?url=PAGE_ADDRESS"></iframe>
 *   <script src="https://NEWS.EXAMPLE/static/embed.js" async></script>
 *
 * The frame works without this script (it scrolls within its height). With it, each frame
 * is as tall as its comments, and after a reply link or a sent comment the page scrolls to
 * it. Only messages from the frame's own site are heeded. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src, location.href).origin : null;

  function frameOf(source) {
    var frames = document.querySelectorAll("iframe[data-dateline-comments]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || typeof data !== "object") return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (data.type === "dateline-comments-height") {
      var height = Math.ceil(Number(data.height));
      if (height > 0 && height < 1000000) {
        frame.style.height = height + "px";
        frame.setAttribute("scrolling", "no");
      }
    } else if (data.type === "dateline-comments-scroll") {
      var top = Number(data.top);
      if (isFinite(top)) {
        window.scrollTo(0, frame.getBoundingClientRect().top + window.pageYOffset + top);
      }
    }
  });
})();
