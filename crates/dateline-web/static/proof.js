/* Attack mode's proof of work, in the reader's browser (see dateline_core::attack). While
 * a service is flooded its comment form asks for a small computation: this script fetches a
 * fresh challenge for the form, finds a number P such that SHA-256(challenge + ":" + P)
 * begins with the asked number of zero bits (about a second on a mid-range phone), and
 * sends it with the comment. Without it the form still works: the reader waits instead. */
(function () {
  "use strict";
  var notice = document.getElementById("comment-attack");
  if (!notice || !window.fetch || !window.Uint32Array) return;
  var form = notice.closest("form");
  var proofField = form.querySelector("input[name=proof]");
  var tokenField = form.querySelector("input[name=form_token]");
  var button = form.querySelector("button[type=submit]");
  var state = { solving: false, done: false, sendWhenDone: false };

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Uint32Array(64);
  var H = new Uint32Array(8);

  /* SHA-256 of an ASCII text, into H. */
  function sha256(text) {
    var length = text.length;
    var blocks = ((length + 8) >> 6) + 1;
    var words = new Uint32Array(blocks * 16);
    for (var i = 0; i < length; i++) words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
    words[length >> 2] |= 0x80 << (24 - (length & 3) * 8);
    words[blocks * 16 - 1] = length * 8;
    H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a;
    H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
    for (var block = 0; block < blocks; block++) {
      for (var t = 0; t < 64; t++) {
        if (t < 16) {
          W[t] = words[block * 16 + t];
        } else {
          var x = W[t - 15], y = W[t - 2];
          var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
          var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
          W[t] = W[t - 16] + s0 + W[t - 7] + s1;
        }
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
  }

  function leadingZeroBits() {
    var bits = 0;
    for (var i = 0; i < 8; i++) {
      if (H[i] === 0) { bits += 32; continue; }
      return bits + Math.clz32(H[i]);
    }
    return bits;
  }

  /* Counts up from 0 in slices, so the page stays responsive. */
  function solve(challenge, bits, done) {
    var prefix = challenge + ":";
    var next = 0;
    function slice() {
      for (var end = next + 20000; next < end; next++) {
        sha256(prefix + next);
        if (leadingZeroBits() >= bits) { done(String(next)); return; }
      }
      setTimeout(slice, 0);
    }
    slice();
  }

  form.addEventListener("submit", function (event) {
    if (state.solving && !state.done) {
      event.preventDefault();
      state.sendWhenDone = true;
      if (button) button.disabled = true;
    }
  });

  state.solving = true;
  fetch(notice.getAttribute("data-challenge-url"), { credentials: "same-origin", cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (answer) {
      if (!answer.attack) { state.solving = false; return; }
      var started = Date.now();
      solve(answer.attack.challenge, answer.attack.proof_bits, function (proof) {
        tokenField.value = answer.form_token;
        proofField.value = proof;
        state.done = true;
        form.setAttribute("data-proof-ms", String(Date.now() - started));
        if (state.sendWhenDone) {
          if (button) button.disabled = false;
          form.requestSubmit ? form.requestSubmit(button || undefined) : form.submit();
        }
      });
    })
    .catch(function () {
      // No challenge: the form is sent as it is, and the wait applies.
      state.solving = false;
      if (state.sendWhenDone) form.submit();
    });
})();
