def site(request):
    return {"site_name": "重庆区县新闻"}
