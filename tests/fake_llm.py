"""A scripted engine for testing the LLM stages' logic (parsing, retries, chunking, protection) without a
model: it answers from the prompt it is given, and records every call. It follows the engine contract (a
lock, one request at a time, streaming per request), so concurrency tests run through the real base class."""

from __future__ import annotations

import re
import time

from summarize.llm.engine import ChatRequest, ChatResult, SerialEngine, stream_piece
from summarize.textutil import cjk_count


class ScriptedEngine(SerialEngine):
    context_length = 4096

    def __init__(self, points_zh=None, points_en=None, skip=(), chinese=(), fail_points=0, delay=0.0, stubborn=(),
                 max_names=3, lists_names=(), misspell=None, preamble=(), echo=()):
        super().__init__()
        self.preamble, self.echo = set(preamble), set(echo)  # ... or with the glossary line said back  # sources answered only with "Here is the translation:" beside a glossary line
        self.misspell = misspell or {}  # zh → the wrong English it writes for it ("Li Jun" for 雷军)
        self.lists_names = set(lists_names)  # sources answered with the prompt's glossary names, not translated
        self.max_names = max_names  # asked to hold more names than this, it loops to its budget
        self.stubborn = set(stubborn)  # sources left in Chinese even when asked again, one by one
        self.calls: list[list[dict[str, str]]] = []
        self.grammars: list[str] = []
        self.delay = delay  # seconds per streamed word, to make requests overlap in concurrency tests
        self.points_zh = points_zh or ["第一条要点。", "第二条要点。", "第三条要点。"]
        self.points_en = points_en or ["Point one.", "Point two.", "Point three."]
        self.skip, self.chinese, self.fail_points = set(skip), set(chinese), fail_points

    def count_tokens(self, text: str) -> int:
        return len(text)

    def chat_one(self, request: ChatRequest) -> ChatResult:
        self.calls.append(list(request.messages))
        self.grammars.append(request.grammar)
        user = request.messages[-1]["content"]
        answer = self.answer(user)[:request.max_tokens]  # a token is a character here
        for piece in answer.split(" "):
            time.sleep(self.delay)
            stream_piece(request.call, piece + " ")
        return ChatResult(answer, len(user), len(answer), 0.0, 0.0)

    def answer(self, user: str) -> str:
        if "中文要点" in user:
            if self.fail_points:
                self.fail_points -= 1
                return "我无法完成。"
            return "\n".join(f"{i}. {p}" for i, p in enumerate(self.points_zh, 1))
        if "key points in English" in user:
            return "\n".join(f"{i}. {p}" for i, p in enumerate(self.points_en, 1))
        if "numbered Chinese sentences" in user:
            body = user.split("\n\n")[-1]
            lines = []
            for m in re.finditer(r"^\[(\d+)\] (.*)$", body, re.M):
                source = m.group(2)
                if source in self.skip:
                    continue
                lines.append(f"[{m.group(1)}] " + (source if source in self.chinese else english(source)))
            return "Here is the translation:\n" + "\n".join(lines)
        text = user.split("\n\n", 1)[-1].split("\n")[0]  # the line after the instruction; notes follow
        names = re.search(r"must contain these names exactly as written here: (.*)\.$", user, re.M)
        if names and names.group(1).count(";") >= self.max_names:
            return "ONE " + "and " * 300  # cannot fit them all: runs on
        if names:  # asked again under a grammar that holds the names: they are there
            return "ONE " + english(text) + " " + names.group(1).replace(";", "")
        if text in self.preamble and "exactly so:" in user:
            return "Here is the translation, with the names as given:"
        if text in self.echo and (terms := re.search(r"exactly so: (.*)", user)):
            return "These names and terms are exactly as follows: " + terms.group(1)
        if text in self.lists_names and (terms := re.search(r"exactly so: (.*)", user)):
            return ", ".join(entry.split(" = ")[-1] for entry in terms.group(1).split("; "))
        wrong = "".join(f" {en}" for zh, en in self.misspell.items() if zh in text)
        return "ONE " + (text if text in self.stubborn else english(text)) + wrong  # a stubborn model keeps Chinese


def english(source: str) -> str:
    """A stand-in translation that keeps the source's ASCII (numbers, names), as long as a real one would be (two
    characters per Chinese character): 超过$185 billion。 → EN[$185 billion]~~~~~~."""
    return "EN[" + " ".join(re.findall(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*", source)) + "]" + "~" * 2 * cjk_count(source)
