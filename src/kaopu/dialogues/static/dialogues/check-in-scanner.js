/* The camera scanner of the staff check-in page (templates/dialogues/staff_check_in.html).
 *
 * The QR image of a registration holds its check-in code as shown, "ABCD-EFGH" (views_qr.py). The
 * scanner films with the phone's back camera (getUserMedia), draws each frame on a canvas, decodes it
 * with jsQR (vendor/jsQR-1.4.0.js, loaded before this file) and, when the image holds a check-in code,
 * types it into the code field and submits the same form a person would: the server decides, as for a
 * typed code. A QR image that holds something else is said to be no check-in code, and scanning goes on.
 *
 * The page works without this file: the scanner block stays hidden and the code is typed. After a
 * scanned code was submitted the scanner starts again on the reloaded page (sessionStorage), so that
 * staff at the door scan one guest after the other; "Stop scanning" ends that. The code just submitted
 * is not submitted again for REPEAT_PAUSE_MS while the guest's phone is still in front of the camera.
 *
 * For tests, window.kaopuCheckInScanner offers decode(imageData) → the text of the QR code in the
 * image ("" when none), codeFrom(text) → the check-in code it holds ("" when none) and use(text), what
 * the scanner does with a decoded text.
 */
(function () {
  "use strict";

  // kaopu.dialogues.codes: the alphabet and length of a code, and what may separate its characters.
  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  var CODE = new RegExp("^[" + ALPHABET + "]{8}$");
  var SEPARATORS = /[\s\-_\u3000\u2010-\u2015\uff0d]+/g;
  var MAX_WIDTH = 640;           // frames are scaled down to this width: enough for a code held up close
  var FRAME_INTERVAL_MS = 120;   // about eight decodes a second, gentle on a phone's battery
  var RESTART_KEY = "kaopu.checkInScanner.restart";
  var LAST_KEY = "kaopu.checkInScanner.last";
  var REPEAT_PAUSE_MS = 30000;

  function codeFrom(text) {
    if (typeof text !== "string" || text.length > 100) { return ""; }
    var compact = text.normalize("NFKC").trim().replace(SEPARATORS, "").toUpperCase();
    return CODE.test(compact) ? compact.slice(0, 4) + "-" + compact.slice(4) : "";
  }

  function decode(imageData) {
    if (typeof window.jsQR !== "function") { return ""; }
    var found = window.jsQR(imageData.data, imageData.width, imageData.height, {inversionAttempts: "dontInvert"});
    return found && typeof found.data === "string" ? found.data : "";
  }

  var box, form, field, video, startButton, stopButton, status, canvas, context, stream, timer, busy;

  function say(name) { status.textContent = box.getAttribute("data-text-" + name) || ""; }

  function remember(on) {
    try {
      if (on) { window.sessionStorage.setItem(RESTART_KEY, "1"); } else { window.sessionStorage.removeItem(RESTART_KEY); }
    } catch (error) { /* storage refused (private mode): the scanner just does not restart by itself */ }
  }

  function wanted() {
    try { return window.sessionStorage.getItem(RESTART_KEY) === "1"; } catch (error) { return false; }
  }

  function justSubmitted(code) {
    try {
      var last = JSON.parse(window.sessionStorage.getItem(LAST_KEY) || "null");
      return !!last && last.code === code && Date.now() - last.at < REPEAT_PAUSE_MS;
    } catch (error) { return false; }
  }

  function rememberSubmitted(code) {
    try { window.sessionStorage.setItem(LAST_KEY, JSON.stringify({code: code, at: Date.now()})); } catch (error) { /* as above */ }
  }

  function stop() {
    window.clearTimeout(timer);
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  function use(text) {
    var code = codeFrom(text);
    if (!code) { say("not-a-code"); return false; }
    if (justSubmitted(code)) { say("same"); return false; }
    busy = true;
    say("found");
    remember(true);
    rememberSubmitted(code);
    stop();
    field.value = code;
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
    return true;
  }

  function frame() {
    if (!stream || busy) { return; }
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      var width = Math.round(video.videoWidth * scale), height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
      context.drawImage(video, 0, 0, width, height);
      var text = decode(context.getImageData(0, 0, width, height));
      if (text && use(text)) { return; }
    }
    timer = window.setTimeout(frame, FRAME_INTERVAL_MS);
  }

  function start() {
    busy = false;
    field.blur();  // a phone's keyboard (the field has autofocus) would cover the camera's picture
    say("starting");
    startButton.hidden = true;
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      stopButton.hidden = false;
      var playing = video.play();
      if (playing && typeof playing.catch === "function") { playing.catch(function () { /* frames still arrive */ }); }
      say("scanning");
      frame();
    }).catch(function () {
      remember(false);
      stop();
      say("no-camera");
    });
  }

  window.kaopuCheckInScanner = {decode: decode, codeFrom: codeFrom, use: function (text) { return use(text); }};

  document.addEventListener("DOMContentLoaded", function () {
    box = document.getElementById("scanner");
    if (!box) { return; }
    form = document.getElementById(box.getAttribute("data-form"));
    field = form && form.querySelector("input[name=code]");
    video = document.getElementById("scanner-video");
    startButton = document.getElementById("scanner-start");
    stopButton = document.getElementById("scanner-stop");
    status = document.getElementById("scanner-status");
    if (!form || !field || !video || !startButton || !stopButton || !status) { return; }
    box.hidden = false;
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia
        || typeof window.jsQR !== "function") {
      startButton.hidden = true;
      say(window.isSecureContext ? "no-camera" : "insecure");
      return;
    }
    canvas = document.createElement("canvas");
    context = canvas.getContext("2d", {willReadFrequently: true});
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", function () { remember(false); stop(); status.textContent = ""; });
    window.addEventListener("pagehide", stop);
    if (wanted()) { start(); }
  });
}());
