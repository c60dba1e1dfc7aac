"""``python -m tests.fakes [--perfect] [--fail-first] [--port N]``: the fake OpenAI server on its own."""

from .openai_server import main

main()
