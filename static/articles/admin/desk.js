// The article form's desk: autosave every few seconds and when the page is left, live counters
// beside the headline, standfirst and body, and previews of the search result and social card.
"use strict"
;(() => {
  const gettext = window.gettext || ((s) => s)
  const ngettext = window.ngettext || ((s, p, n) => (n === 1 ? s : p))
  const interpolate = window.interpolate || ((f, a) => f.replace(/%s/g, () => a.shift()))

  const HEADLINE_SEARCH = 60 // characters a search result shows of a title
  const HEADLINE_NEWS = 110 // Google News's limit for a headline
  const DESCRIPTION = 160 // characters a search result shows of a description
  const WORDS_PER_MINUTE = 180 // Arabic readers, newspaper prose

  const el = (tag, className, text) => {
    const node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  const textOf = (html) => new DOMParser().parseFromString(html || "", "text/html").body.textContent
  const words = (text) => (text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu) || []).length
  const cut = (text, limit) => (text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text)

  function counter(input, describe) {
    if (!input) return
    const output = el("p", "np-counter")
    output.setAttribute("aria-live", "polite")
    input.closest(".form-row, .fieldBox")?.append(output)
    const update = () => {
      const { text, warn } = describe(input.value)
      output.textContent = text
      output.classList.toggle("np-counter--warn", warn)
    }
    input.addEventListener("input", update)
    update()
  }

  function headlineCounter(input) {
    counter(input, (value) => {
      const n = [...value.trim()].length
      let text = interpolate(gettext("%s characters: search results show about 60, Google News up to 110."), [n])
      if (n > HEADLINE_NEWS) text += ` ${gettext("Too long for Google News.")}`
      return { text, warn: n > HEADLINE_SEARCH }
    })
  }

  function standfirstCounter(input) {
    counter(input, (value) => {
      const n = [...value.trim()].length
      return {
        text: interpolate(gettext("%s characters: search results show about 160."), [n]),
        warn: n > DESCRIPTION,
      }
    })
  }

  function bodyCounter(input) {
    counter(input, (value) => {
      const n = words(textOf(value))
      const minutes = Math.max(1, Math.round(n / WORDS_PER_MINUTE))
      const count = interpolate(ngettext("%s word", "%s words", n), [n])
      const time = interpolate(ngettext("%s minute to read", "%s minutes to read", minutes), [minutes])
      return { text: `${count} · ${time}`, warn: false }
    })
  }

  // --- previews of the search result and the social card --------------------------------------

  function previews(form, desk) {
    const headline = form.querySelector("#id_headline_ar")
    const standfirst = form.querySelector("#id_standfirst_ar")
    const leadImage = form.querySelector("#id_lead_image")
    if (!headline) return
    const box = el("div", "np-previews")
    const search = el("div", "np-search-preview")
    const searchTitle = el("p", "np-search-preview__title")
    const searchUrl = el("p", "np-search-preview__url")
    const searchText = el("p", "np-search-preview__text")
    search.append(el("h3", "", gettext("In search results")), searchTitle, searchUrl, searchText)
    const card = el("div", "np-social-preview")
    const picture = el("img", "np-social-preview__image")
    picture.alt = ""
    const cardSite = el("p", "np-social-preview__site")
    const cardTitle = el("p", "np-social-preview__title")
    const cardText = el("p", "np-social-preview__text")
    card.append(el("h3", "", gettext("When shared")), picture, cardSite, cardTitle, cardText)
    box.append(search, card)
    headline.closest("fieldset").append(box)

    const siteUrl = desk.dataset.siteUrl || window.location.origin
    const host = new URL(siteUrl).host
    const update = () => {
      const title = headline.value.trim() || gettext("(headline)")
      const text = (standfirst?.value || "").trim()
      searchTitle.textContent = cut(`${title} | ${desk.dataset.siteName}`, HEADLINE_SEARCH)
      searchUrl.textContent = `${host}${decodeURI(desk.dataset.articlePath || "/…")}`
      searchText.textContent = cut(text, DESCRIPTION)
      cardSite.textContent = host.toUpperCase()
      cardTitle.textContent = cut(title, 90)
      cardText.textContent = cut(text, 120)
    }
    const updatePicture = async () => {
      const id = leadImage?.value
      picture.hidden = !id
      if (!id) return
      const response = await fetch(`${desk.dataset.imageChooserUrl}?ids=${encodeURIComponent(id)}`, {
        credentials: "same-origin",
      })
      const data = response.ok ? await response.json() : { results: [] }
      picture.hidden = !data.results.length
      if (data.results.length) picture.src = data.results[0].thumbnail
    }
    for (const input of [headline, standfirst]) input?.addEventListener("input", update)
    // The lead image is a select2 autocomplete: it announces changes through jQuery.
    if (leadImage && window.django?.jQuery) window.django.jQuery(leadImage).on("change", updatePicture)
    update()
    updatePicture()
  }

  // --- autosave -------------------------------------------------------------------------------

  function autosave(form, desk) {
    const url = desk.dataset.autosaveUrl
    const seconds = Number(desk.dataset.autosaveSeconds) || 30
    const status = document.querySelector(".np-autosave-status")
    if (!url) return
    const snapshot = () => {
      const data = new FormData(form)
      for (const [name, value] of [...data.entries()]) {
        if (value instanceof File || name.includes("-")) data.delete(name)
      }
      return data
    }
    const serialise = (data) => JSON.stringify([...data.entries()])
    let saved = serialise(snapshot())
    let submitting = false
    const changed = () => serialise(snapshot()) !== saved

    const save = async () => {
      if (submitting || !changed()) return
      const data = snapshot()
      const response = await fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "error", // a session that expired leads to the login page: not saved
      }).catch(() => null)
      if (response?.ok && response.headers.get("Content-Type")?.includes("json")) {
        saved = serialise(data)
        if (status) status.textContent = (await response.json()).message
      }
    }
    const leave = () => {
      if (submitting || !changed()) return
      const data = snapshot()
      if (navigator.sendBeacon(url, data)) saved = serialise(data)
    }
    form.addEventListener("submit", () => {
      submitting = true
    })
    window.setInterval(save, seconds * 1000)
    window.addEventListener("pagehide", leave)
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave()
    })
  }

  document.addEventListener("DOMContentLoaded", () => {
    const desk = document.getElementById("np-desk")
    const form = desk?.closest("form")
    if (!form) return
    for (const language of ["ar", "en"]) {
      headlineCounter(form.querySelector(`#id_headline_${language}`))
      standfirstCounter(form.querySelector(`#id_standfirst_${language}`))
      bodyCounter(form.querySelector(`#id_body_${language}`))
    }
    previews(form, desk)
    autosave(form, desk)
  })
})()
